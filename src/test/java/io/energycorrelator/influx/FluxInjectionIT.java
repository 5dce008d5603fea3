package io.energycorrelator.influx;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values quoted by {@link FluxQueries#string} match literally on the real server: a hostile value can
 * neither break out of its literal nor change the query. (Names and times cannot be hostile at all: the
 * settings allow only safe characters in names, and times are parsed before they become literals.)
 */
@ExtendWith(InfluxDbExtension.class)
class FluxInjectionIT {

    @ParameterizedTest
    @ValueSource(strings = {"a\") |> drop(columns: [\"_value\"]) //", "back\\slash", "quote\"", "${interpolated}",
            "x\" or r.tag != \"", "plain"})
    void aHostileTagValueMatchesOnlyItself(String hostile, TestBucket bucket) {
        Instant t = Instant.parse("2024-05-01T12:00:00Z");
        bucket.client().getWriteApiBlocking().writePoints(bucket.name(), bucket.org(), List.of(
                Point.measurement("probe").addTag("tag", hostile).addField("value", 1.0).time(t, WritePrecision.NS),
                Point.measurement("probe").addTag("tag", "other").addField("value", 2.0).time(t, WritePrecision.NS)));

        List<FluxRecord> rows = bucket.query("from(bucket: BUCKET) |> range(start: 2024-05-01T00:00:00Z, stop: 2024-05-02T00:00:00Z)"
                + " |> filter(fn: (r) => r._measurement == \"probe\" and r.tag == " + FluxQueries.string(hostile) + ")");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getValueByKey("tag")).isEqualTo(hostile);
        assertThat(rows.get(0).getValue()).isEqualTo(1.0);
    }
}
