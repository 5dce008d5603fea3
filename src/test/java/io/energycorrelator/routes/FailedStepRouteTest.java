package io.energycorrelator.routes;

import io.energycorrelator.model.StateChange;
import org.apache.camel.Processor;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure while one state change is enriched fails the whole cycle (the state changes share the cycle's
 * unit of work, which must not swallow it): nothing is written, the watermark stays, the failure is counted.
 */
class FailedStepRouteTest extends CorrelateRouteTestSupport {

    @Override
    protected void replaceMore(Registry registry) {
        Processor failsOnTheHeater = exchange -> {
            if (exchange.getMessage().getBody(StateChange.class).entityId().equals("climate.heater")) {
                throw new IllegalStateException("the estimator failed");
            }
            exchange.getMessage().setBody(null);
        };
        replace(registry, "powerStepReader", failsOnTheHeater);
    }

    @Test
    void aFailureInOneStateChangeFailsTheCycle() throws Exception {
        MockEndpoint influx = runOneCycle();

        influx.expectedMessageCount(0);
        influx.assertIsSatisfied();
        assertThat(statistics().failedFetches()).isEqualTo(1);
        assertThat(statistics().lastError()).contains("the estimator failed");
        assertThat(statistics().watermark()).isNull();
        assertThat(statistics().eventsProcessed()).isZero();
    }
}
