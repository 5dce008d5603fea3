package io.energycorrelator.operations;

import io.energycorrelator.correlate.CycleBookkeeping;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The route policy of the correlation route ({@code routePolicy: "#cycleTimer"}): how long each live cycle
 * took, from its timer tick until it ended, as the histogram {@value #NAME} (Prometheus:
 * {@code energy_correlator_cycle_duration_seconds}), tagged {@code outcome} success or failure (a failed
 * cycle is handled by the route's error handler, so it is told apart by that, see {@link CycleBookkeeping#failed}).
 */
public class CycleTimer extends RoutePolicySupport {

    public static final String NAME = "energy_correlator.cycle.duration";
    /** Bucket bounds: a quiet cycle takes milliseconds, 10,000 state changes about a second, a catch-up more. */
    private static final Duration[] BUCKETS = seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);

    private final MeterRegistry registry;
    private final boolean byHome;
    private final Timer succeeded;
    private final Timer failed;

    public CycleTimer(MeterRegistry registry) {
        this(registry, false);
    }

    /** @param byHome with a homes file: each home's cycles apart, tagged {@code home} */
    public CycleTimer(MeterRegistry registry, boolean byHome) {
        this.registry = registry;
        this.byHome = byHome;
        this.succeeded = byHome ? null : timer(registry, "success", Tags.empty());
        this.failed = byHome ? null : timer(registry, "failure", Tags.empty());
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        boolean failure = CycleBookkeeping.failed(exchange);
        Timer timer;
        if (byHome) {
            // Micrometer keeps one timer per name and tags: this finds the home's, made on its first cycle.
            timer = timer(registry, failure ? "failure" : "success", Tags.of("home", exchange.getProperty("home", String.class)));
        } else {
            timer = failure ? failed : succeeded;
        }
        timer.record(exchange.getClock().elapsed(), TimeUnit.MILLISECONDS);
    }

    private static Timer timer(MeterRegistry registry, String outcome, Tags tags) {
        return Timer.builder(NAME)
                .description("Duration of the live correlation cycles, by outcome")
                .tag("outcome", outcome)
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    static Duration[] seconds(double... bounds) {
        Duration[] durations = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        }
        return durations;
    }
}
