package io.energycorrelator.influx;

import com.influxdb.client.QueryApi;
import com.influxdb.query.FluxRecord;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a Flux query through the client's streaming API and hands each record over as it is parsed, so
 * that a large result is never held as tables in memory. Returns when the result has been read; a failed
 * query throws. A result that stops coming (the client does not always report a broken stream) fails after
 * {@link #TIMEOUT}, so that a cycle or a backfill never waits forever.
 */
public final class StreamingQuery {

    /** Far longer than any bounded cycle's query takes (a day of a 1 Hz meter streams in seconds). */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private StreamingQuery() {
    }

    public static void forEachRecord(QueryApi api, String flux, Consumer<FluxRecord> consumer) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        api.query(flux, (cancellable, record) -> {
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
        try {
            if (!done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("a query's result did not arrive within " + TIMEOUT.toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a query's result", e);
        }
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
}
