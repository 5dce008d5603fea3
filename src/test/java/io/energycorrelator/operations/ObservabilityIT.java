package io.energycorrelator.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator watches: the route's JMX MBean and Camel's health checks. */
@ExtendWith(InfluxDbExtension.class)
class ObservabilityIT {

    @Test
    void theCorrelationRoutesMBeanCountsCompletedCycles(TestBucket bucket) throws Exception {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");
        try (RunningService service = RunningService.start(settings)) {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName route = new ObjectName("org.apache.camel:context=energy-correlator,type=routes,name=\"correlate\"");
            long before = (Long) jmx.getAttribute(route, "ExchangesCompleted");

            service.awaitCycles(service.cyclesSoFar() + 2);

            long after = (Long) jmx.getAttribute(route, "ExchangesCompleted");
            assertThat(after).isGreaterThanOrEqualTo(before + 2);
            assertThat((Long) jmx.getAttribute(route, "ExchangesFailed")).isZero();
            assertThat(jmx.getAttribute(route, "State")).isEqualTo("Started");
        }
    }

    @Test
    void camelHealthChecksIncludeInfluxDbForReadinessButNotLiveness(TestBucket bucket) throws Exception {
        try (RunningService service = RunningService.start(RunningService.settingsFor(bucket, 3600))) {
            ApiClient.Response ready = service.get("/observe/health/ready");
            JsonNode readiness = ready.json();
            JsonNode liveness = service.get("/observe/health/live").json();

            assertThat(ready.status()).isEqualTo(200);
            assertThat(readiness.get("status").asText()).isEqualTo("UP");
            assertThat(check(readiness, "influxdb").get("status").asText()).isEqualTo("UP");
            assertThat(check(readiness, "route:correlate").get("status").asText()).isEqualTo("UP");
            assertThat(check(liveness, "influxdb")).isNull();
            assertThat(liveness.get("status").asText()).isEqualTo("UP");
        }
    }

    static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        return null;
    }
}
