package io.energycorrelator;

import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.homes.Homes;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops the service on SIGTERM or Ctrl-C, and says so as its last log line, with the watermark it leaves.
 *
 * <p>Why ours: Camel Main's own JVM hook returns (and the JVM ends) as soon as the context has stopped, so a line logged after the stop may be lost; this hook stops Main, waits, then logs (ShutdownIT reads the line).
 *
 * <p>A running cycle finishes within {@code camel.main.shutdownTimeout}, or is abandoned without moving the watermark;
 * a running backfill stops between chunks.
 */
final class StopReport {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** Beyond camel.main.shutdownTimeout, for the services that stop after the routes. */
    private static final long SPARE_SECONDS = 15;

    private StopReport() {
    }

    static void installOn(Main main) {
        main.setShutdownStrategy(new SimpleMainShutdownStrategy()); // Main's own, less its JVM hook
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndReport(main), "energy-correlator-stop"));
    }

    private static void stopAndReport(Main main) {
        CamelContext context = main.getCamelContext();
        if (context == null || !(context.isStarted() || context.isStarting())) {
            return; // it never ran (e.g. start-up refused a setting): nothing to stop, nothing to report
        }
        // Each home's watermark, found before the registry is gone (one home without a homes file).
        Homes homes = context.getRegistry().findSingleByType(Homes.class);
        List<Watermark> watermarks = homes == null ? List.of() : homes.all().stream().map(h -> h.bean(Watermark.class)).toList();
        LOG.info("Stopping: a running cycle may finish; the watermark moves only when a cycle's work is written");
        main.completed();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(context.getShutdownStrategy().getTimeout() + SPARE_SECONDS);
        while (!context.isStopped() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String state = context.isStopped() ? "stopped" : "stopped without waiting any longer for its routes";
        if (watermarks.size() > 1) {
            List<Instant> known = watermarks.stream().map(Watermark::lastKnown).flatMap(Optional::stream).sorted().toList();
            LOG.info("energy-correlator {}: {} homes, {} of them with a watermark read{} (each stored in its home's bucket)", state,
                    watermarks.size(), known.size(), known.isEmpty() ? "" : ", from " + known.get(0) + " to " + known.get(known.size() - 1));
            return;
        }
        Optional<Instant> stands = watermarks.isEmpty() ? Optional.empty() : watermarks.get(0).lastKnown();
        LOG.info("energy-correlator {}: {}", state, stands
                .map(t -> "the watermark stands at " + t + " (stored in InfluxDB; state changes up to it are done)")
                .orElse("no cycle read the watermark; the one stored in InfluxDB, if any, is unchanged"));
    }
}
