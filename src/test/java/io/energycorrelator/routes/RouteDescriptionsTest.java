package io.energycorrelator.routes;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route, route template and route configuration under routes/ says what it does in its {@code description:}. */
class RouteDescriptionsTest {

    @Test
    void everyRouteAndRouteConfigurationHasADescription() throws IOException {
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                String kind = null;
                String id = null;
                boolean described = false;
                for (String line : (Files.readString(file) + "\n- end:").split("\n")) {
                    if (line.startsWith("- ")) { // the next top-level item: close the one before
                        if (kind != null) {
                            found.add(file + " " + id);
                            if (!described) {
                                missing.add(file + " " + kind + " " + id);
                            }
                        }
                        kind = line.equals("- route:") || line.equals("- routeConfiguration:") || line.equals("- routeTemplate:") ? line.substring(2) : null;
                        id = null;
                        described = false;
                    } else if (kind != null && line.startsWith("    id: ")) {
                        id = line.substring(8).trim();
                    } else if (kind != null && line.startsWith("    description: ")) {
                        described = !line.substring(17).replace("\"", "").isBlank();
                    }
                }
            }
        }
        assertThat(found).hasSizeGreaterThan(20); // the scan found the routes at all
        assertThat(missing).isEmpty();
    }
}
