package io.energycorrelator.correlate;

import io.energycorrelator.config.Schema;
import io.energycorrelator.influx.FluxRow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows a cycle keeps of a long backlog: the earliest, no more than it may take, whatever the order they come in. */
class StateRowsTest {

    private static final Schema SCHEMA = new Schema("homeiq", "home_assistant_events", "entity_id", true, "domain",
            "state_value", "previous_state", "smart_meter", "total_power_w", "", "", 1, List.of("switch"));
    private static final Instant AFTER = Instant.parse("2024-03-01T19:00:00Z");
    private static final Instant UNTIL = AFTER.plusSeconds(86_400);

    /** One record of the state-change query: time, field, value, entity, domain. */
    private record Record(Instant time, String field, String value, String entity) implements FluxRow {
        @Override
        public String text(int column) {
            return switch (column) {
                case 1 -> field;
                case 2 -> value;
                case 3 -> entity;
                case 4 -> "switch";
                default -> throw new IllegalArgumentException();
            };
        }

        @Override
        public Object value(int column) {
            return text(column);
        }

        @Override
        public boolean isNumber(int column) {
            return false;
        }

        @Override
        public double number(int column) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long timeNanos(int column) {
            return time.getEpochSecond() * 1_000_000_000L + time.getNano();
        }
    }

    @Test
    void aBurstJustBeforeAndJustAfterTheRangeKeepsOnlyTheNearestRowsOnEachSide() {
        Random random = new Random(5);
        List<Record> records = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) { // 20,000 entities each side, a millisecond apart
            records.add(new Record(AFTER.minusMillis(i), "state_value", "on", "switch.before_" + i));
            records.add(new Record(AFTER.minusMillis(i), "previous_state", "off", "switch.before_" + i));
            records.add(new Record(UNTIL.plusMillis(i), "state_value", "on", "switch.after_" + i));
        }
        records.add(new Record(AFTER.plusSeconds(1), "state_value", "on", "switch.inside"));
        Collections.shuffle(records, random);
        StateRows rows = new StateRows(SCHEMA, AFTER, UNTIL, 100);
        records.forEach(rows::add);

        List<StateRows.Row> kept = rows.sorted();
        assertThat(kept).hasSize(201);
        assertThat(kept.get(0).time()).isEqualTo(AFTER.minusMillis(100));
        assertThat(kept.get(99).time()).isEqualTo(AFTER.minusMillis(1));
        assertThat(kept.get(100).entityTag()).isEqualTo("switch.inside");
        assertThat(kept.get(200).time()).isEqualTo(UNTIL.plusMillis(100));
        // every row kept before the range has both its fields: none half-read
        assertThat(kept.subList(0, 100)).allSatisfy(r -> assertThat(r.previous()).isEqualTo("off"));
        assertThat(rows.earliestKeptBeforeIfCut()).isEqualTo(AFTER.minusMillis(100));
    }

    @Test
    void withoutABurstNothingIsCutBeforeTheRange() {
        StateRows rows = new StateRows(SCHEMA, AFTER, UNTIL, 100);
        rows.add(new Record(AFTER.minusSeconds(5), "state_value", "on", "switch.a"));
        rows.add(new Record(AFTER.plusSeconds(5), "state_value", "on", "switch.b"));
        assertThat(rows.sorted()).hasSize(2);
        assertThat(rows.earliestKeptBeforeIfCut()).isNull();
    }

    @Test
    void ofAHundredThousandStateChangesACycleOfFiveThousandKeepsTheEarliestFiveThousandAndOne() {
        Random random = new Random(11);
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            // whole seconds, so that some state changes share an instant
            Instant t = AFTER.plusSeconds(1 + random.nextInt(86_400));
            String entity = "switch.device_" + random.nextInt(200);
            records.add(new Record(t, "state_value", "on", entity));
            records.add(new Record(t, "previous_state", "off", entity));
        }
        // neighbours just outside the range, which are all kept
        records.add(new Record(AFTER.minusSeconds(5), "state_value", "on", "switch.before"));
        records.add(new Record(UNTIL.plusSeconds(5), "state_value", "on", "switch.after"));
        Collections.shuffle(records, random); // series come one after the other, each in time order: any order must do

        StateRows all = new StateRows(SCHEMA);
        StateRows bounded = new StateRows(SCHEMA, AFTER, UNTIL, 5_001);
        records.forEach(all::add);
        records.forEach(bounded::add);

        List<StateRows.Row> kept = bounded.sorted();
        List<StateRows.Row> every = all.sorted();
        assertThat(kept).hasSize(5_001 + 2);
        List<StateRows.Row> inRange = kept.stream().filter(r -> r.time().isAfter(AFTER) && !r.time().isAfter(UNTIL)).toList();
        Instant latestKept = inRange.get(inRange.size() - 1).time();
        // every row earlier than the latest kept one is there, exactly as reading everything gives it
        assertThat(inRange.stream().filter(r -> r.time().isBefore(latestKept)).toList())
                .containsExactlyInAnyOrderElementsOf(every.stream().filter(r -> r.time().isAfter(AFTER) && r.time().isBefore(latestKept)).toList());
        assertThat(kept).extracting(StateRows.Row::entityTag).contains("switch.before", "switch.after");
    }
}
