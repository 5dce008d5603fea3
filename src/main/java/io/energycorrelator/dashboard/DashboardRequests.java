package io.energycorrelator.dashboard;

import org.apache.camel.Header;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads and checks the query parameters of the dashboard's JSON endpoints. A missing parameter takes its
 * default; anything else that is not allowed throws {@link BadRequestException} naming the parameter and
 * what it may be, before any query is sent to InfluxDB. The meter is read only within the dashboard's look-back
 * (the time its list of correlations covers): the page never asks for more, and nobody else gets the house's
 * whole meter history through it.
 */
public class DashboardRequests {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_SECONDS = 60;
    public static final int MAX_SECONDS = 3600;
    /** How far ahead of now 'around' may be (a clock a little ahead of the service's). */
    static final Duration AHEAD = Duration.ofHours(1);

    private final Duration lookback;
    private final Clock clock;

    /** @param lookback how far back the dashboard looks ({@code correlator.dashboard.lookback-days}) */
    public DashboardRequests(Duration lookback, Clock clock) {
        this.lookback = lookback;
        this.clock = clock;
    }

    /** GET /api/correlations?limit=N */
    public record CorrelationsRequest(int limit) {
    }

    /** GET /api/meter?around=T&amp;seconds=S: the readings in [around − seconds, around + seconds]. */
    public record MeterRequest(Instant around, int seconds) {
    }

    public CorrelationsRequest correlations(@Header("limit") Object limit) {
        return new CorrelationsRequest(wholeNumber("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
    }

    public MeterRequest meter(@Header("around") Object around, @Header("seconds") Object seconds) {
        Instant time = time("around", around);
        int either = wholeNumber("seconds", seconds, DEFAULT_SECONDS, 1, MAX_SECONDS);
        Instant now = clock.instant();
        if (time.isBefore(now.minus(lookback)) || time.isAfter(now.plus(AHEAD))) {
            throw new BadRequestException("'around' must lie within the dashboard's look-back: from " + lookback.toDays()
                    + " days ago (DASHBOARD_LOOKBACK_DAYS) to " + AHEAD.toHours() + " hour ahead");
        }
        return new MeterRequest(time, either);
    }

    static int wholeNumber(String name, Object value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        String allowed = "'" + name + "' must be a whole number from " + min + " to " + max;
        if (!(value instanceof String text) || !text.matches("[0-9]{1,7}")) {
            throw new BadRequestException(allowed);
        }
        int number = Integer.parseInt(text);
        if (number < min || number > max) {
            throw new BadRequestException(allowed);
        }
        return number;
    }

    static Instant time(String name, Object value) {
        String allowed = "'" + name + "' must be an RFC 3339 time such as 2024-03-01T19:30:05Z";
        if (value == null) {
            throw new BadRequestException("'" + name + "' is required: an RFC 3339 time such as 2024-03-01T19:30:05Z");
        }
        if (!(value instanceof String text) || text.length() > 40) {
            throw new BadRequestException(allowed);
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(allowed);
        }
        return instant;
    }
}
