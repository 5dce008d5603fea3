package io.energycorrelator.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.exceptions.UnauthorizedException;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proves that the tests talk to a real InfluxDB 2.7+ server, started by the build itself. */
@ExtendWith(InfluxDbExtension.class)
class InfluxDbServerIT {

    @Test
    void pointsWrittenWithTheJavaClientComeBackFromFluxWithExactValuesAndTimestamps(TestBucket bucket) {
        Instant t1 = Instant.parse("2024-03-01T19:30:00.123456789Z");
        Instant t2 = Instant.parse("2024-03-01T19:30:10Z");
        bucket.client().getWriteApiBlocking().writePoints(bucket.name(), bucket.org(), List.of(
                Point.measurement("smart_meter").addTag("meter_type", "main").addField("total_power_w", 2450.5).time(t1, WritePrecision.NS),
                Point.measurement("smart_meter").addTag("meter_type", "main").addField("total_power_w", 2510.0).time(t2, WritePrecision.NS)));

        List<FluxRecord> records = bucket.query("""
                from(bucket: BUCKET) |> range(start: 2024-03-01T00:00:00Z, stop: 2024-03-02T00:00:00Z)
                  |> filter(fn: (r) => r._measurement == "smart_meter") |> sort(columns: ["_time"])""");

        assertThat(records).extracting(FluxRecord::getTime).containsExactly(t1, t2);
        assertThat(records).extracting(FluxRecord::getValue).containsExactly(2450.5, 2510.0);
        assertThat(records).extracting(r -> r.getValueByKey("meter_type")).containsExactly("main", "main");
        assertThat(records).extracting(FluxRecord::getField).containsOnly("total_power_w");
    }

    @Test
    void theServerIsInfluxDb27OrNewer(TestBucket bucket) throws Exception {
        HttpResponse<Void> ping = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(bucket.url() + "/ping")).build(), HttpResponse.BodyHandlers.discarding());
        String version = ping.headers().firstValue("X-Influxdb-Version").orElseThrow();
        System.out.println("InfluxDB version under test (X-Influxdb-Version): " + version);

        assertThat(ping.statusCode()).isEqualTo(204);
        Matcher m = Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(version);
        assertThat(m.find()).as("version header %s", version).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(2);
        assertThat(Integer.parseInt(m.group(2))).isGreaterThanOrEqualTo(7);
    }

    @Test
    void aWrongTokenGetsAClearAuthorizationErrorQuickly(TestBucket bucket) {
        try (InfluxDBClient wrong = InfluxDBClientFactory.create(bucket.url(), "not-the-token".toCharArray(), bucket.org())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> wrong.getQueryApi().query("from(bucket: \"" + bucket.name() + "\") |> range(start: -1h)"))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("unauthorized");
            // Not a hang: the answer comes well inside the client's own 10 s read timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
