package io.energycorrelator.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardRequestsTest {

    private static final Instant NOW = Instant.parse("2024-03-08T12:00:00Z");
    private static final String OUTSIDE = "'around' must lie within the dashboard's look-back: from 7 days ago "
            + "(DASHBOARD_LOOKBACK_DAYS) to 1 hour ahead";

    private final DashboardRequests requests = new DashboardRequests(Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void missingParametersTakeTheirDefaults() {
        assertThat(requests.correlations(null)).isEqualTo(new DashboardRequests.CorrelationsRequest(50));
        assertThat(requests.meter("2024-03-07T19:30:05Z", null))
                .isEqualTo(new DashboardRequests.MeterRequest(Instant.parse("2024-03-07T19:30:05Z"), 60));
    }

    @Test
    void timesMayCarryAnOffsetAndNanoseconds() {
        assertThat(requests.meter("2024-03-07T20:30:05.123456789+01:00", "3600"))
                .isEqualTo(new DashboardRequests.MeterRequest(Instant.parse("2024-03-07T19:30:05.123456789Z"), 3600));
    }

    @Test
    void aRepeatedParameterIsRefused() {
        assertThatThrownBy(() -> requests.correlations(List.of("1", "2")))
                .isInstanceOf(BadRequestException.class).hasMessage("'limit' must be a whole number from 1 to 500");
        assertThatThrownBy(() -> requests.meter(List.of("a", "b"), null))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("'around' must be an RFC 3339 time such as 2024-03-01T19:30:05Z");
    }

    @Test
    void anOverlongTimeIsRefusedBeforeItIsParsed() {
        assertThatThrownBy(() -> requests.meter("2024-03-01T19:30:05Z" + "0".repeat(100), null))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("'around' must be an RFC 3339 time such as 2024-03-01T19:30:05Z");
    }

    @Test
    void theMeterIsReadOnlyWithinTheLookBackAndUpToAnHourAhead() {
        assertThat(requests.meter("2024-03-01T12:00:00Z", null).around()).isEqualTo(Instant.parse("2024-03-01T12:00:00Z"));
        assertThat(requests.meter("2024-03-08T13:00:00Z", null).around()).isEqualTo(Instant.parse("2024-03-08T13:00:00Z"));
        for (String outside : List.of("2024-03-01T11:59:59Z", "2024-03-08T13:00:01Z", "1970-01-01T00:00:00Z",
                "2261-12-31T23:59:59Z", "0001-01-01T00:00:00Z")) {
            assertThatThrownBy(() -> requests.meter(outside, "60")).as(outside)
                    .isInstanceOf(BadRequestException.class).hasMessage(OUTSIDE);
        }
    }

    @Test
    void aBadSecondsIsNamedBeforeTheLookBack() {
        assertThatThrownBy(() -> requests.meter("1970-01-01T00:00:00Z", "0"))
                .isInstanceOf(BadRequestException.class).hasMessage("'seconds' must be a whole number from 1 to 3600");
    }
}
