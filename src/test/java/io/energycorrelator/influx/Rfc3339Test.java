package io.energycorrelator.influx;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast reading of InfluxDB's times agrees with Instant.parse, and leaves what it does not read to it. */
class Rfc3339Test {

    private static long nanos(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return Rfc3339.nanos(bytes, 0, bytes.length);
    }

    private static long parsed(String text) {
        Instant t = Instant.parse(text);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void agreesWithInstantParseOnRandomTimesOfEveryPrecision() {
        Random random = new Random(1);
        long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
            for (int digits = 0; digits <= 9; digits++) {
                String base = t.toString().substring(0, 19);
                String fraction = String.format("%09d", t.getNano()).substring(0, digits);
                String text = base + (digits == 0 ? "" : "." + fraction) + "Z";
                assertThat(nanos(text)).as(text).isEqualTo(parsed(text));
            }
        }
    }

    @Test
    void leapDaysAndEdgesOfTheDay() {
        for (String text : new String[] {"2024-02-29T23:59:59.999999999Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.5Z", "2261-12-31T23:59:59Z", "1678-01-01T00:00:00Z"}) {
            assertThat(nanos(text)).as(text).isEqualTo(parsed(text));
        }
    }

    @Test
    void leavesOtherTextsToInstantParse() {
        for (String text : new String[] {"2023-02-29T00:00:00Z", "2024-03-01T19:30:05+01:00", "2024-03-01 19:30:05Z",
                "2024-03-01T24:00:00Z", "2024-03-01T19:30:05.Z", "2024-03-01T19:30:05.1234567890Z", "3000-01-01T00:00:00Z",
                "2024-3-01T19:30:05Z", "not a time at all..."}) {
            assertThat(nanos(text)).as(text).isEqualTo(Rfc3339.UNPARSED);
        }
    }
}
