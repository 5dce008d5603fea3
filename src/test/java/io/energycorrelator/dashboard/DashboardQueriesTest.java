package io.energycorrelator.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardQueriesTest {

    @Test
    void recentCorrelationsAreEachSeriesPivotedThenTheNewestFirst() {
        String flux = new DashboardQueries("home \"assistant\"", "event_energy_correlation")
                .recentCorrelations(Instant.parse("2024-03-01T00:00:00Z"), 50);

        assertThat(flux).isEqualTo("""
                from(bucket: "home \\"assistant\\"")
                  |> range(start: 2024-03-01T00:00:00Z)
                  |> filter(fn: (r) => r._measurement == "event_energy_correlation")
                  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
                  |> group()
                  |> sort(columns: ["_time", "entity_id"], desc: true)
                  |> limit(n: 50)
                """);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        DashboardQueries queries = new DashboardQueries("b", "m");

        assertThatThrownBy(() -> queries.recentCorrelations(Instant.EPOCH, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
