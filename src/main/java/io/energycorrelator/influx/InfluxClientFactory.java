package io.energycorrelator.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import io.energycorrelator.config.InfluxSettings;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

import java.time.Duration;

/** Creates the one InfluxDB client of the service, with timeouts so that an unreachable server fails fast. */
public final class InfluxClientFactory {

    private InfluxClientFactory() {
    }

    public static InfluxDBClient create(InfluxSettings influx) {
        return create(influx, null);
    }

    /** @param timer sees every request the client sends (e.g. {@link RequestTimer}); null for none */
    public static InfluxDBClient create(InfluxSettings influx, Interceptor timer) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60));
        if (timer != null) {
            http.addInterceptor(timer);
        }
        InfluxDBClientOptions options = InfluxDBClientOptions.builder()
                .url(influx.url().toString())
                .authenticateToken(influx.token().toCharArray())
                .org(influx.org())
                .bucket(influx.bucket())
                .okHttpClient(http)
                .build();
        return new ConfirmedWritesClient(InfluxDBClientFactory.create(options));
    }
}
