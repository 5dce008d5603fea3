package io.energycorrelator.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import io.energycorrelator.config.InfluxSettings;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.List;

/** Creates the one InfluxDB client of the service, with timeouts so that an unreachable server fails fast. */
public final class InfluxClientFactory {

    private InfluxClientFactory() {
    }

    public static InfluxDBClient create(InfluxSettings influx) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60))
                .socketFactory(new NoDelaySockets());
        if ("http".equals(influx.url().getScheme())) {
            // Plain HTTP only: the client then never loads the JDK's trust store (150 certificates parsed at
            // start-up, ~1.5 MB of heap and 200 classes, for nothing).
            http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
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
