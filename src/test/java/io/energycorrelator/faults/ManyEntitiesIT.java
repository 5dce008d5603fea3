package io.energycorrelator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day of 100,000 distinct entities (an installer's test bench, or ids that change with every firmware),
 * backfilled by the packaged service with the image's memory settings (-Xmx160m, exit on OutOfMemoryError):
 * every state change processed, the service still answering, its heap within the limit.
 */
@ExtendWith(InfluxDbExtension.class)
class ManyEntitiesIT {

    private static final int ENTITIES = 100_000;
    private static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

    @Test
    void aDayOfAHundredThousandEntitiesIsBackfilledWithinTheImagesHeap(TestBucket bucket) throws Exception {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>(ENTITIES + 86_400);
        double[] watts = new double[86_400];
        java.util.Arrays.fill(watts, 300);
        for (int i = 0; i < ENTITIES; i++) {
            int second = random.nextInt(86_390);
            double step = 20 + random.nextInt(200);
            for (int s = second + 1; s < Math.min(86_400, second + 600); s++) {
                watts[s] += step; // on for ten minutes, then off again without a state change (a plug that times out)
            }
            lines.add(event(DAY.plusSeconds(second).plusMillis(500), "switch.device_" + i, "switch", "on", "off"));
        }
        for (int s = 0; s < 86_400; s++) {
            lines.add(meter(DAY.plusSeconds(s), Math.min(watts[s], 99_000)));
        }
        bucket.writeAll(lines);

        Map<String, String> environment = PackagedService.environmentFor(bucket);
        environment.put("FIRST_CYCLE_DELAY", "3600");
        // chunks of an hour: a query over the whole day groups all 100,000 series (tens of seconds on two cores)
        environment.put("MAX_CYCLE_SPAN_MINUTES", "60");
        environment.put("INFLUXDB_TIMEOUT_SECONDS", "120");
        environment.remove("CORRELATOR_ESTIMATOR"); // the default rule
        try (PackagedService service = PackagedService.start(environment, io.energycorrelator.bench.DockerfileEnv.javaFlags())) {
            ApiClient api = service.api();
            String range = "{\"start\":\"" + DAY + "\",\"end\":\"" + DAY.plus(Duration.ofDays(1)) + "\"}";
            assertThat(api.postJson("/backfill", range).status()).isEqualTo(202);
            JsonNode done = api.await("/backfill", s -> !"running".equals(s.get("status").asText()), 600);

            assertThat(done.get("status").asText()).as(service.output()).isEqualTo("completed");
            assertThat(done.get("events_processed").asLong()).isEqualTo(ENTITIES);
            assertThat(api.get("/devices").status()).isEqualTo(200);
            assertThat(api.get("/health").status()).isEqualTo(200);
            double heapUsed = api.get("/observe/metrics").body().lines()
                    .filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertThat(heapUsed).isPositive().isLessThan(160 * 1024 * 1024);
            assertThat(service.output()).doesNotContain("OutOfMemoryError");
        }
    }
}
