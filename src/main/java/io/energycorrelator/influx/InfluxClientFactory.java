package io.energycorrelator.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import io.energycorrelator.config.InfluxSettings;
import okhttp3.ConnectionSpec;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.List;

/** Creates the InfluxDB clients of the service, with timeouts so that an unreachable or hung server fails fast. */
public final class InfluxClientFactory {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private InfluxClientFactory() {
    }

    /**
     * The client of the cycles and the backfill: every read and write waits at most the configured timeout for
     * InfluxDB to send something (a long streamed result is fine as long as it keeps coming). Writes are confirmed.
     */
    public static InfluxDBClient create(InfluxSettings influx) {
        return create(influx, null);
    }

    /** @param timer sees every request the client sends (e.g. {@link RequestTimer}); null for none */
    public static InfluxDBClient create(InfluxSettings influx, Interceptor timer) {
        OkHttpClient.Builder http = http(influx)
                .connectTimeout(min(CONNECT_TIMEOUT, influx.timeout()))
                .readTimeout(influx.timeout())
                .writeTimeout(influx.timeout());
        if (timer != null) {
            http.addInterceptor(timer);
        }
        return new ConfirmedWritesClient(InfluxDBClientFactory.create(options(influx, http)));
    }

    /** A client for the health probe: each whole call, connecting included, ends within {@code callTimeout}. */
    public static InfluxDBClient forProbes(InfluxSettings influx, Duration callTimeout) {
        OkHttpClient.Builder http = http(influx)
                .connectTimeout(callTimeout)
                .readTimeout(callTimeout)
                .writeTimeout(callTimeout)
                .callTimeout(callTimeout);
        return InfluxDBClientFactory.create(options(influx, http));
    }

    /** Sockets without Nagle's delay; for plain HTTP, no TLS set-up at all. */
    private static OkHttpClient.Builder http(InfluxSettings influx) {
        OkHttpClient.Builder http = new OkHttpClient.Builder().socketFactory(new NoDelaySockets());
        if ("http".equals(influx.url().getScheme())) {
            // The client then never loads the JDK's trust store (150 certificates parsed at start-up,
            // ~1.5 MB of heap and 200 classes, for nothing).
            http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        return http;
    }

    private static InfluxDBClientOptions options(InfluxSettings influx, OkHttpClient.Builder http) {
        return InfluxDBClientOptions.builder()
                .url(influx.url().toString())
                .authenticateToken(influx.token().toCharArray())
                .org(influx.org())
                .bucket(influx.bucket())
                .okHttpClient(http)
                .build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
