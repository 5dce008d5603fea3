package io.energycorrelator.influx;

import com.influxdb.client.QueryApi;
import com.influxdb.query.FluxRecord;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a Flux query through the client's streaming API and hands each record over as it is parsed, so
 * that a large result is never held as tables in memory. Returns when the result has been read; a failed
 * query throws. A result that stops coming for longer than the timeout (InfluxDB hung, or a broken stream
 * the client does not report) fails the query, so that a cycle or a backfill never waits forever; a long
 * result that keeps coming is read whole however long it takes.
 */
public final class StreamingQuery {

    private final QueryApi api;
    private final Duration silence;

    /** @param silence how long InfluxDB may send nothing before the query fails (correlator.influxdb.timeout-seconds) */
    public StreamingQuery(QueryApi api, Duration silence) {
        this.api = api;
        this.silence = silence;
    }

    public void forEachRecord(String flux, Consumer<FluxRecord> consumer) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong lastHeard = new AtomicLong(System.nanoTime());
        api.query(flux, (cancellable, record) -> {
            lastHeard.set(System.nanoTime());
            if (failure.get() != null) {
                return;
            }
            try {
                consumer.accept(record);
            } catch (Throwable e) { // an Error too: the caller must hear of it, not wait for it
                failure.compareAndSet(null, e);
                cancellable.cancel();
                done.countDown();
            }
        }, error -> {
            failure.compareAndSet(null, error);
            done.countDown();
        }, done::countDown);
        awaitWhileHeard(done, lastHeard);
        Throwable error = failure.get();
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        if (error != null) {
            throw new IllegalStateException(error.getMessage(), error);
        }
    }

    private void awaitWhileHeard(CountDownLatch done, AtomicLong lastHeard) {
        try {
            while (!done.await(Math.max(1, silence.toMillis() / 4), TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - lastHeard.get() > silence.toNanos()) {
                    throw new IllegalStateException("InfluxDB sent nothing for " + silence.toSeconds()
                            + " s while answering a query (correlator.influxdb.timeout-seconds)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a query's result", e);
        }
    }
}
