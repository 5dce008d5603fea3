package io.energycorrelator.operations;

import com.influxdb.client.FindOptions;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.exceptions.NotFoundException;
import com.influxdb.exceptions.UnauthorizedException;
import io.energycorrelator.config.HealthSettings;
import io.energycorrelator.config.InfluxSettings;
import io.energycorrelator.influx.FluxQueries;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks InfluxDB whether the service can do its job: server reachable, token accepted, bucket there.
 *
 * <p>GET /health and the readiness check never wait for InfluxDB: they read the last probe's answer, which a
 * probe on its own thread refreshes once every period ({@code correlator.health.cache-seconds}) however many
 * health checks come. Each probe's calls end within the probe timeout; a probe that has not answered within
 * it counts as "InfluxDB did not answer" at once, even while its call is still winding down, so a hung
 * InfluxDB shows within the timeout.
 *
 * <p>Why ours: Camel runs a health check on the caller's thread at each request and the client's ping has no cache; a probe on its own thread keeps /health and readiness from ever waiting on InfluxDB (HealthProbeIT).
 */
public class InfluxDbProbe {

    private final InfluxDBClient influx;
    private final InfluxSettings settings;
    private final Duration timeout;
    private final Duration period;
    private final ScheduledExecutorService executor;
    /** Whether the probe looks for the bucket, or (homes of a homes file: theirs show in their cycles) the token only. */
    private final boolean checkBucket;
    private final AtomicLong probes = new AtomicLong();
    /** The last answer; null until the first. */
    private Optional<String> lastAnswer;
    /** When the probe under way started (System.nanoTime); 0 while none is. */
    private long probingSince;

    /**
     * @param influx   a client of its own whose calls end within the probe timeout
     * @param executor runs the probes, one at a time
     */
    public InfluxDbProbe(InfluxDBClient influx, InfluxSettings settings, HealthSettings health, ScheduledExecutorService executor) {
        this(influx, settings, health, executor, true);
    }

    /** A probe of the server and the token only, which the homes on that server share. */
    public static InfluxDbProbe ofServer(InfluxDBClient influx, InfluxSettings settings, HealthSettings health,
            ScheduledExecutorService executor) {
        return new InfluxDbProbe(influx, settings, health, executor, false);
    }

    private InfluxDbProbe(InfluxDBClient influx, InfluxSettings settings, HealthSettings health, ScheduledExecutorService executor,
            boolean checkBucket) {
        this.checkBucket = checkBucket;
        this.influx = influx;
        this.settings = settings;
        this.timeout = health.probeTimeout();
        this.period = health.period();
        this.executor = executor;
    }

    /** Starts probing once a period, the first probe at once; see {@link #awaitFirstAnswer()}. */
    public void start() {
        executor.scheduleWithFixedDelay(this::probe, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the first answer at most the probe timeout from now (start-up goes on then: the health answers
     * say what is known). Called just before the HTTP server starts, so that the first probe runs while the
     * routes are being loaded rather than ahead of them.
     */
    public void awaitFirstAnswer() {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            try {
                for (long left = deadline - System.nanoTime(); lastAnswer == null && left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Empty when all is well, else why not, in words fit for /health (never the token). Never waits. */
    public synchronized Optional<String> problem() {
        if (probingSince != 0 && System.nanoTime() - probingSince >= timeout.toNanos()) {
            return Optional.of(noAnswer());
        }
        return lastAnswer != null ? lastAnswer : Optional.of("InfluxDB at " + settings.url() + " has not been checked yet");
    }

    /** How many probes have reached InfluxDB since start-up. */
    public long probesSoFar() {
        return probes.get();
    }

    private void probe() {
        synchronized (this) {
            probingSince = System.nanoTime() | 1; // never 0, which means "none under way"
        }
        Optional<String> answer = ask();
        synchronized (this) {
            lastAnswer = answer;
            probingSince = 0;
            notifyAll();
        }
    }

    private Optional<String> ask() {
        probes.incrementAndGet();
        try {
            influx.version(); // GET /ping: throws when the server cannot be reached or does not answer in time
            if (!checkBucket) {
                tokenAccepted(); // throws UnauthorizedException
                return Optional.empty();
            }
            if (!bucketExists()) {
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

    /**
     * Through the buckets API; InfluxDB 1.8 has none (404): there its Flux {@code buckets()} lists each
     * database/retention-policy the user may read.
     */
    private boolean bucketExists() {
        try {
            return influx.getBucketsApi().findBucketByName(settings.bucket()) != null;
        } catch (NotFoundException e) {
            return !influx.getQueryApi().query("buckets() |> filter(fn: (r) => r.name == "
                    + FluxQueries.string(settings.bucket()) + ")", settings.org()).isEmpty();
        }
    }

    /** One bucket listed (the buckets API; on InfluxDB 1.8, Flux's buckets()): 401 when the token is refused. */
    private void tokenAccepted() {
        try {
            FindOptions one = new FindOptions();
            one.setLimit(1);
            influx.getBucketsApi().findBuckets(one);
        } catch (NotFoundException e) {
            influx.getQueryApi().query("buckets() |> limit(n: 1)", settings.org());
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
