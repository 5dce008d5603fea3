package io.energycorrelator.devices;

import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /devices computes its energy figures once per cache period, however many requests find them stale at once. */
@ExtendWith(InfluxDbExtension.class)
class DevicesCacheIT {

    private static long fluxQueries(RunningService service) throws Exception {
        return service.get("/statistics").json().get("flux_queries_total").asLong();
    }

    @Test
    void twentyRequestsOnAStaleCacheComputeItOnce(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant on = now.minusSeconds(120);
        bucket.write(meter(on.minusSeconds(5), 500), meter(on.plusSeconds(5), 600), event(on, "switch.lamp", "switch", "on", "off"));

        long oneComputation;
        try (RunningService service = RunningService.start(RunningService.settingsFor(bucket, 0))) {
            service.awaitCycles(1);
            long before = fluxQueries(service);
            assertThat(service.get("/devices").status()).isEqualTo(200);
            oneComputation = fluxQueries(service) - before;
        }
        assertThat(oneComputation).isPositive();

        try (RunningService service = RunningService.start(RunningService.settingsFor(bucket, 0))) {
            service.awaitCycles(1);
            long before = fluxQueries(service);
            ExecutorService clients = Executors.newFixedThreadPool(20);
            try {
                List<Callable<Integer>> requests = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    requests.add(() -> service.get("/devices").status());
                }
                for (Future<Integer> status : clients.invokeAll(requests)) {
                    assertThat(status.get()).isEqualTo(200);
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(fluxQueries(service) - before).isEqualTo(oneComputation);
        }
    }
}
