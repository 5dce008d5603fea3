package io.energycorrelator.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/settings.md's table and application.properties name the same variables with the same defaults. */
class SettingsDocTest {

    @Test
    void theSettingsTableAndApplicationPropertiesAgree() throws IOException {
        Map<String, String> fromProperties = new TreeMap<>();
        Matcher env = Pattern.compile("(?m)^[^#\\n]*\\{\\{env:([A-Z0-9_]+):([^}]*)}}")
                .matcher(Files.readString(Path.of("application.properties")));
        while (env.find()) {
            fromProperties.put(env.group(1), env.group(2));
        }
        Map<String, String> fromDoc = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z0-9_]+)` \\| (?:`([^`]*)`|–) \\|").matcher(settingsTable());
        while (row.find()) {
            fromDoc.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }

        assertThat(fromProperties).hasSizeGreaterThan(30);
        assertThat(fromDoc).isEqualTo(fromProperties);
    }

    private static String settingsTable() throws IOException {
        return Files.readString(Path.of("docs/settings.md"));
    }
}
