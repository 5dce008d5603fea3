package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.ProfileLookup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OnlineRunTest {

    private static final Instant T0 = Instant.parse("2024-03-04T23:50:00Z");

    /** A kettle (2000 W) on from each start second to the matching end second after T0; a reading every 2 s. */
    private static MeterWindow kettle(int[] on, int[] off) {
        List<MeterWindow.Reading> readings = new ArrayList<>();
        for (int s = -60; s < 3600; s += 2) {
            boolean isOn = false;
            for (int i = 0; i < on.length; i++) {
                isOn |= s > on[i] && s <= off[i];
            }
            readings.add(new MeterWindow.Reading(T0.plusSeconds(s).plusMillis(1000), isOn ? 2300 : 300));
        }
        return new MeterWindow(readings);
    }

    private static List<StateChange> changes(int[] on, int[] off) {
        List<StateChange> changes = new ArrayList<>();
        for (int i = 0; i < on.length; i++) {
            changes.add(new StateChange(T0.plusSeconds(on[i]), "switch.kettle", "switch", "on", "off"));
            changes.add(new StateChange(T0.plusSeconds(off[i]), "switch.kettle", "switch", "off", "on"));
        }
        return changes;
    }

    @Test
    void aStateChangeIsReadInTheFirstWholeMinuteAfterItSettles() {
        Duration reach = Duration.ofSeconds(30); // aligned's and profile's with tolerance 10 s and window 10 s
        long minuteOfT0 = T0.getEpochSecond() / 60;

        // settled at event + reach + 30 s of grace
        assertThat(OnlineRun.cycleOf(T0, reach)).isEqualTo(minuteOfT0 + 1);
        assertThat(OnlineRun.cycleOf(T0.plusSeconds(1), reach)).isEqualTo(minuteOfT0 + 2);
        assertThat(OnlineRun.cycleOf(T0.plusSeconds(60), reach)).isEqualTo(minuteOfT0 + 2);
        assertThat(OnlineRun.cycleOf(T0.plusMillis(60_001), reach)).isEqualTo(minuteOfT0 + 3);
    }

    @Test
    void aReadingUsesOnlyWhatEarlierCyclesLearned() {
        // min confidence 0.25: one learned step guides. Reach 30 s, so the cycles are: on@0 → 23:51,
        // off@70 and on@110 → 23:53 (40 s apart: no overlap, both learned), off@250 → 23:56, on@400 → 23:58,
        // off@520 → 24:00
        int[] on = {0, 110, 400};
        int[] off = {70, 250, 520};
        List<StateChange> changes = new ArrayList<>(changes(on, off));
        changes.sort((a, b) -> a.time().compareTo(b.time()));
        OnlineRun.Outcome outcome = OnlineRun.run(kettle(on, off), changes,
                profiles -> new ProfileEstimator(Duration.ofSeconds(10), Duration.ofSeconds(10), profiles, 0.25), 0);

        assertThat(changes).extracting(c -> c.state() + "@" + Duration.between(T0, c.time()).toSeconds())
                .containsExactly("on@0", "off@70", "on@110", "off@250", "on@400", "off@520");
        // nothing learned before off@70's cycle of on → off; on@110 reads with what on@0 taught
        assertThat(outcome.steps()).extracting(PowerStep::source)
                .containsExactly("meter", "meter", "profile", "profile", "profile", "profile");
        assertThat(outcome.steps()).extracting(PowerStep::deltaW).containsExactly(2000.0, -2000.0, 2000.0, -2000.0, 2000.0, -2000.0);
        assertThat(outcome.finalBook().find("switch.kettle", "off->on").orElseThrow().count()).isEqualTo(3);
        assertThat(outcome.finalBook().find("switch.kettle", "on->off").orElseThrow().count()).isEqualTo(3);
    }

    @Test
    void theProfilesOfEachDayAreKeptAsTheyStoodWhenItEnded() {
        int[] on = {0, 1200};
        int[] off = {120, 1320};
        OnlineRun.Outcome outcome = OnlineRun.run(kettle(on, off), changes(on, off),
                profiles -> new AlignedEstimator(Duration.ofSeconds(10), Duration.ofSeconds(10)), 0);

        ProfileLookup endOfMarch4 = outcome.profilesAfterDay().get(LocalDate.parse("2024-03-04"));
        ProfileLookup endOfMarch5 = outcome.profilesAfterDay().get(LocalDate.parse("2024-03-05"));
        assertThat(outcome.profilesAfterDay()).containsOnlyKeys(LocalDate.parse("2024-03-04"), LocalDate.parse("2024-03-05"));
        assertThat(endOfMarch4.find("switch.kettle", "off->on").orElseThrow().count()).isEqualTo(1);
        assertThat(endOfMarch4.find("switch.kettle", "on->off").orElseThrow().count()).isEqualTo(1);
        assertThat(endOfMarch5.find("switch.kettle", "off->on").orElseThrow().count()).isEqualTo(2);
    }
}
