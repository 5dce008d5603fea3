package io.energycorrelator.operations;

import io.energycorrelator.influx.RequestTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import okhttp3.HttpUrl;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How long InfluxDB took to answer the service's queries and writes: the histogram {@value #NAME}
 * (Prometheus: {@code energy_correlator_influxdb_request_duration_seconds}), tagged {@code operation} query
 * or write and {@code outcome} success or failure. Every query counts, the dashboard's included.
 */
public class InfluxRequestMeters implements RequestTimer.Listener {

    public static final String NAME = "energy_correlator.influxdb.request.duration";
    private static final Duration[] BUCKETS = CycleTimer.seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1, 2.5, 5, 10, 30);

    private final Map<RequestTimer.Operation, Timer> succeeded = new EnumMap<>(RequestTimer.Operation.class);
    private final Map<RequestTimer.Operation, Timer> failed = new EnumMap<>(RequestTimer.Operation.class);

    public InfluxRequestMeters(MeterRegistry registry) {
        for (RequestTimer.Operation operation : RequestTimer.Operation.values()) {
            succeeded.put(operation, timer(registry, operation, "success"));
            failed.put(operation, timer(registry, operation, "failure"));
        }
    }

    @Override
    public void completed(RequestTimer.Operation operation, HttpUrl url, Duration took, boolean ok, boolean answered) {
        (ok ? succeeded : failed).get(operation).record(took);
    }

    private static Timer timer(MeterRegistry registry, RequestTimer.Operation operation, String outcome) {
        return Timer.builder(NAME)
                .description("Duration of the InfluxDB queries and writes, by operation and outcome")
                .tag("operation", operation.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
