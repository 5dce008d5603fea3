package io.energycorrelator.observe;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.Bucket;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.exceptions.UnauthorizedException;
import io.energycorrelator.config.HealthSettings;
import io.energycorrelator.config.InfluxSettings;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks InfluxDB whether the service can do its job: server reachable, token accepted, bucket there.
 *
 * <p>Bounded and shared, so that GET /health answers quickly whatever InfluxDB does: a probe runs on its own
 * thread with a client whose every call ends within the probe timeout; its answer is reused for the cache
 * period; at most one probe runs at a time, and callers asking meanwhile get the last answer (or, before
 * the first, wait for that one at most until its timeout). A probe that has not answered within the timeout
 * counts as "InfluxDB did not answer" at once, even while its call is still winding down.
 */
public class InfluxDbProbe {

    /** One probe: when it started (System.nanoTime) and its answer to come. */
    private record Probe(long startedNanos, CompletableFuture<Optional<String>> answer) {
    }

    private final InfluxDBClient influx;
    private final InfluxSettings settings;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Executor executor;
    private final AtomicLong probes = new AtomicLong();
    private Probe latest;
    private Optional<String> lastAnswer;

    /**
     * @param influx   a client of its own whose calls end within the probe timeout
     * @param executor runs the probes, one at a time
     */
    public InfluxDbProbe(InfluxDBClient influx, InfluxSettings settings, HealthSettings health, Executor executor) {
        this.influx = influx;
        this.settings = settings;
        this.timeout = health.probeTimeout();
        this.cacheFor = health.cacheFor();
        this.executor = executor;
    }

    /** Empty when all is well, else why not, in words fit for /health (never the token). */
    public Optional<String> problem() {
        Probe probe;
        Optional<String> previous;
        long now = System.nanoTime();
        synchronized (this) {
            if (latest == null || latest.answer().isDone() && now - latest.startedNanos() >= cacheFor.toNanos()) {
                latest = start(now);
            }
            probe = latest;
            previous = lastAnswer;
        }
        if (probe.answer().isDone()) {
            return probe.answer().join();
        }
        long left = probe.startedNanos() + timeout.toNanos() - now;
        if (left <= 0) {
            return Optional.of(noAnswer());
        }
        if (previous != null) {
            return previous; // a fresh answer is on its way; until then the last one stands
        }
        try {
            return probe.answer().get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Optional.of(noAnswer());
        } catch (ExecutionException e) {
            return Optional.of("InfluxDB at " + settings.url() + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(noAnswer());
        }
    }

    /** How many probes have reached InfluxDB since start-up. */
    public long probesSoFar() {
        return probes.get();
    }

    private Probe start(long now) {
        CompletableFuture<Optional<String>> answer = CompletableFuture.supplyAsync(this::ask, executor);
        answer.thenAccept(this::remember);
        return new Probe(now, answer);
    }

    private synchronized void remember(Optional<String> answer) {
        lastAnswer = answer;
    }

    private Optional<String> ask() {
        probes.incrementAndGet();
        try {
            influx.version(); // GET /ping: throws when the server cannot be reached or does not answer in time
            Bucket bucket = influx.getBucketsApi().findBucketByName(settings.bucket());
            if (bucket == null) {
                return Optional.of("InfluxDB bucket '" + settings.bucket() + "' does not exist or the token cannot see it");
            }
            return Optional.empty();
        } catch (UnauthorizedException e) {
            return Optional.of("InfluxDB at " + settings.url() + " rejected the token (401 unauthorized)");
        } catch (InfluxException e) {
            if (causedBy(e, InterruptedIOException.class)) {
                return Optional.of(noAnswer());
            }
            if (e.status() == 0) {
                return Optional.of("InfluxDB at " + settings.url() + " is not reachable");
            }
            return Optional.of("InfluxDB at " + settings.url() + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("InfluxDB at " + settings.url() + " failed: " + e.getMessage());
        }
    }

    private String noAnswer() {
        return "InfluxDB at " + settings.url() + " did not answer within " + timeout.toSeconds() + " s";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
