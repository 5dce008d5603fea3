package io.energycorrelator.routes;

import io.energycorrelator.correlate.RouteNames;
import io.energycorrelator.model.Correlation;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension point as an output route sees it: a route in a file of its own, consuming
 * seda:correlations-written, gets every batch the correlation route wrote, after the write and on its own
 * thread, so that a slow output holds up nothing. (CorrelateRouteTest runs the same cycle with no output at all.)
 */
class ExtensionPointRouteTest extends CorrelateRouteTestSupport {

    /** An output route as an integration engineer would write one, slow on purpose. */
    private static final String OUTPUT_ROUTE = """
            - route:
                id: test-output
                from:
                  uri: %s
                  parameters:
                    multipleConsumers: true
                  steps:
                    - delay:
                        constant: "1500"
                    - to: mock:output
            """.formatted(RouteNames.CORRELATIONS_WRITTEN);
    private static Path outputRoute;

    @Override
    protected String routeFiles() {
        try {
            outputRoute = Files.createTempFile("test-output", ".camel.yaml");
            Files.writeString(outputRoute, OUTPUT_ROUTE);
            return super.routeFiles() + ",file:" + outputRoute;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeOutputRoute() throws IOException {
        Files.deleteIfExists(outputRoute);
    }

    @Test
    void everyWrittenBatchReachesTheOutputRouteWithItsRun() throws Exception {
        MockEndpoint output = getMockEndpoint("mock:output");
        output.expectedMessageCount(2);

        runOneCycle();
        template.sendBody("direct:tick", null);

        output.assertIsSatisfied(10_000);
        for (Exchange batch : output.getExchanges()) {
            assertThat(batch.getMessage().getHeader(RouteNames.RUN_HEADER)).isEqualTo("live");
            List<?> correlations = batch.getMessage().getBody(List.class);
            assertThat(correlations).hasSize(2);
            assertThat(correlations.stream().map(c -> ((Correlation) c).change().entityId() + " " + ((Correlation) c).powerDeltaW()))
                    .containsExactly("switch.lamp 60.0", "climate.heater -120.0");
        }
        assertThat(statistics().correlationsWritten()).isEqualTo(4);
    }

    @Test
    void aSlowOutputDoesNotHoldUpTheCycle() throws Exception {
        MockEndpoint output = getMockEndpoint("mock:output");
        output.expectedMessageCount(1);

        MockEndpoint influx = runOneCycle();

        // The cycle wrote its correlations with their devices' profiles and its watermark, and ended while the
        // output was still busy (a synchronous hand-over would have reached mock:output before the cycle returned).
        assertThat(influx.getReceivedCounter()).isEqualTo(1);
        assertThat(statistics().totalFetches()).isEqualTo(1);
        assertThat(statistics().failedFetches()).isZero();
        assertThat(output.getReceivedCounter()).isZero();
        output.assertIsSatisfied(10_000);
    }
}
