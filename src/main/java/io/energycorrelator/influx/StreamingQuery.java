package io.energycorrelator.influx;

import com.influxdb.client.QueryApi;
import com.influxdb.query.FluxRecord;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a Flux query through the client's streaming API and hands each record over as it is parsed, so
 * that a large result is never held as tables in memory. Returns when the result has been read; a failed
 * query throws.
 */
public final class StreamingQuery {

    private StreamingQuery() {
    }

    public static void forEachRecord(QueryApi api, String flux, Consumer<FluxRecord> consumer) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        api.query(flux, (cancellable, record) -> {
            try {
                consumer.accept(record);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                cancellable.cancel();
                done.countDown();
            }
        }, error -> {
            failure.compareAndSet(null, error);
            done.countDown();
        }, done::countDown);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a query's result", e);
        }
        Throwable error = failure.get();
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error != null) {
            throw new IllegalStateException(error.getMessage(), error);
        }
    }
}
