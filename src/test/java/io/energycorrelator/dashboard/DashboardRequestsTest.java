package io.energycorrelator.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardRequestsTest {

    private final DashboardRequests requests = new DashboardRequests();

    @Test
    void missingParametersTakeTheirDefaults() {
        assertThat(requests.correlations(null)).isEqualTo(new DashboardRequests.CorrelationsRequest(50));
        assertThat(requests.meter("2024-03-01T19:30:05Z", null))
                .isEqualTo(new DashboardRequests.MeterRequest(Instant.parse("2024-03-01T19:30:05Z"), 60));
    }

    @Test
    void timesMayCarryAnOffsetAndNanoseconds() {
        assertThat(requests.meter("2024-03-01T20:30:05.123456789+01:00", "3600"))
                .isEqualTo(new DashboardRequests.MeterRequest(Instant.parse("2024-03-01T19:30:05.123456789Z"), 3600));
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
}
