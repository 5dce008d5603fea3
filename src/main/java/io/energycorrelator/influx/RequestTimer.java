package io.energycorrelator.influx;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times the InfluxDB client's queries ({@code /api/v2/query}) and writes ({@code /api/v2/write}) at the HTTP
 * level, whoever sends them: a write until InfluxDB accepted it, a query until its streamed result has been
 * read to the end; either until it failed. Other requests (ping, buckets) are not timed.
 *
 * <p>Why ours: neither the InfluxDB client nor camel-influxdb2 times its requests, and most queries are bean calls, not endpoints Camel's metrics see; an OkHttp interceptor is the client's hook for it (MetricsIT).
 */
public final class RequestTimer implements Interceptor {

    public enum Operation { QUERY, WRITE }

    /** Told of each timed request once it is over. */
    public interface Listener {
        /** @param answered InfluxDB answered it, whatever its status (a write it refused for what it holds, too) */
        /** @param url the request's (a write's names its org and bucket) */
        void completed(Operation operation, HttpUrl url, Duration took, boolean succeeded, boolean answered);
    }

    private final List<Listener> listeners;

    public RequestTimer(Listener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Operation operation = operation(chain.request().url().encodedPath());
        if (operation == null) {
            return chain.proceed(chain.request());
        }
        Completion completion = new Completion(operation, chain.request().url(), System.nanoTime());
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException | RuntimeException e) {
            completion.done(false);
            throw e;
        }
        completion.answered = true;
        if (!response.isSuccessful() || response.body() == null) {
            completion.done(false);
            return response;
        }
        if (operation == Operation.WRITE) {
            completion.done(true); // 204: accepted, nothing more to read
            return response;
        }
        return response.newBuilder().body(new TimedBody(response.body(), completion)).build();
    }

    static Operation operation(String path) {
        if (path.endsWith("/api/v2/query")) {
            return Operation.QUERY;
        }
        return path.endsWith("/api/v2/write") ? Operation.WRITE : null;
    }

    /** Reports a request once, however many times its body is closed. */
    private final class Completion {
        private final Operation operation;
        private final HttpUrl url;
        private final long startNanos;
        private final AtomicBoolean reported = new AtomicBoolean();
        /** A response came (set before the body, if any, is handed on to be read). */
        private volatile boolean answered;

        Completion(Operation operation, HttpUrl url, long startNanos) {
            this.operation = operation;
            this.url = url;
            this.startNanos = startNanos;
        }

        void done(boolean succeeded) {
            if (reported.compareAndSet(false, true)) {
                Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                listeners.forEach(listener -> listener.completed(operation, url, took, succeeded, answered));
            }
        }
    }

    /** The answer's body, reporting when it has been read to the end (or closed before that: a failure). */
    private static final class TimedBody extends ResponseBody {
        private final ResponseBody body;
        private final BufferedSource source;

        TimedBody(ResponseBody body, Completion completion) {
            this.body = body;
            this.source = Okio.buffer(new ForwardingSource(body.source()) {
                private boolean exhausted;

                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                    long read;
                    try {
                        read = super.read(sink, byteCount);
                    } catch (IOException e) {
                        completion.done(false);
                        throw e;
                    }
                    if (read == -1) {
                        exhausted = true;
                        completion.done(true);
                    }
                    return read;
                }

                @Override
                public void close() throws IOException {
                    super.close();
                    completion.done(exhausted);
                }
            });
        }

        @Override
        public MediaType contentType() {
            return body.contentType();
        }

        @Override
        public long contentLength() {
            return body.contentLength();
        }

        @Override
        public BufferedSource source() {
            return source;
        }
    }
}
