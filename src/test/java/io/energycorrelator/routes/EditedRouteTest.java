package io.energycorrelator.routes;

import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An integration engineer edits the route, not the Java: a copy of routes/correlate.camel.yaml whose threshold
 * filter keeps only steps that raise the power, loaded as the service would load it, changes what is written.
 */
class EditedRouteTest extends CorrelateRouteTestSupport {

    private static final String FILTER = "${header.AbsoluteDeltaW} >= ${exchangeProperty.minPowerDeltaW}";
    private static final String EDITED = "${body.powerDeltaW} >= ${exchangeProperty.minPowerDeltaW}";
    private static Path copy;

    @Override
    protected String routeFiles() {
        try {
            String route = Files.readString(Path.of("routes/correlate.camel.yaml"));
            assertThat(route).contains(FILTER);
            copy = Files.createTempFile("edited-correlate", ".camel.yaml");
            Files.writeString(copy, route.replace(FILTER, EDITED));
            return "file:" + copy + ",file:routes/errors.camel.yaml";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeCopy() throws IOException {
        Files.deleteIfExists(copy);
    }

    @Test
    void theEditedFilterDecidesWhatIsWritten() throws Exception {
        MockEndpoint influx = runOneCycle();

        influx.expectedMessageCount(1); // one write: the correlation, its device's profile and the watermark
        influx.assertIsSatisfied();
        assertThat(correlationLines(influx)).singleElement().asString()
                .startsWith("event_energy_correlation,domain=switch,entity_id=switch.lamp,")
                .contains("power_delta_w=60.0");
        assertThat(statistics().belowThreshold()).isEqualTo(2);
    }
}
