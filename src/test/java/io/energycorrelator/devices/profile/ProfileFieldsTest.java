package io.energycorrelator.devices.profile;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ProfileFieldsTest {

    private static final ProfileRecord KETTLE = new ProfileRecord("switch.kettle", "off->on", List.of(
            new ObservedStep(Instant.parse("2024-03-04T07:00:00.123456789Z"), 2000.5),
            new ObservedStep(Instant.parse("2024-03-04T08:00:00Z"), 1990),
            new ObservedStep(Instant.parse("2024-03-04T09:30:00Z"), 0.1 + 0.2)));

    @Test
    void aProfileIsAPointTaggedByEntityAndTransitionAtItsNewestStep() {
        assertThat(ProfileFields.MEASUREMENT).isEqualTo("device_power_profile");
        assertThat(ProfileFields.tags(KETTLE)).containsExactly(entry("entity_id", "switch.kettle"), entry("transition", "off->on"));
        assertThat(ProfileFields.time(KETTLE)).isEqualTo(Instant.parse("2024-03-04T09:30:00Z"));
        DeviceProfile p = KETTLE.profile();
        assertThat(ProfileFields.fields(KETTLE)).containsExactly(
                entry("typical_step_w", 1990.0),
                entry("spread_w", p.spreadW()),
                entry("count", 3L),
                entry("confidence", p.confidence()),
                entry("recent_steps", "2024-03-04T07:00:00.123456789Z=2000.5;2024-03-04T08:00:00Z=1990.0;"
                        + "2024-03-04T09:30:00Z=0.30000000000000004"));
        assertThat(p.spreadW()).isEqualTo(10.5);
    }

    @Test
    void theFieldsGiveBackTheSameRecordToTheBit() {
        ProfileRecord back = ProfileFields.fromFields(ProfileFields.tags(KETTLE), ProfileFields.fields(KETTLE));

        assertThat(back).isEqualTo(KETTLE);
        assertThat(back.profile()).isEqualTo(KETTLE.profile());
    }

    @Test
    void onlyTheTagsAndTheRecentStepsAreNeededToRestore() {
        Map<String, Object> stored = new HashMap<>();
        stored.put("recent_steps", ProfileFields.fields(KETTLE).get("recent_steps"));
        stored.put("typical_step_w", 12.0); // a stale or hand-edited summary does not matter

        assertThat(ProfileFields.fromFields(Map.of("entity_id", "switch.kettle", "transition", "off->on"), stored)).isEqualTo(KETTLE);
    }

    @Test
    void aMissingTagOrAMalformedStepIsRefusedByName() {
        Map<String, String> tags = Map.of("entity_id", "switch.kettle", "transition", "off->on");

        assertThatThrownBy(() -> ProfileFields.fromFields(Map.of("entity_id", "switch.kettle"), Map.of("recent_steps", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transition");
        assertThatThrownBy(() -> ProfileFields.fromFields(tags, Map.of("count", 3L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recent_steps");
        assertThatThrownBy(() -> ProfileFields.fromFields(tags, Map.of("recent_steps", "2024-03-04T07:00:00Z=x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'2024-03-04T07:00:00Z=x'");
        assertThatThrownBy(() -> ProfileFields.fromFields(tags, Map.of("recent_steps", "yesterday=2000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yesterday=2000'");
        assertThatThrownBy(() -> ProfileFields.fromFields(tags, Map.of("recent_steps", "2024-03-04T07:00:00Z=NaN")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> ProfileFields.fromFields(tags, Map.of("recent_steps", "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBookRestoredFromItsPointsIsTheSameBook() {
        ProfileBook book = new ProfileBook();
        book.learn(ProfileTestData.on("switch.kettle", 0, 2000.25));
        book.learn(ProfileTestData.on("switch.kettle", 5, 1999.75));
        book.learn(ProfileTestData.off("light.lamp", 7, -60.125));

        List<ProfileRecord> stored = book.snapshot().stream()
                .map(r -> ProfileFields.fromFields(ProfileFields.tags(r), ProfileFields.fields(r))).toList();
        ProfileBook restored = new ProfileBook();
        restored.restore(stored);

        assertThat(restored.snapshot()).isEqualTo(book.snapshot());
        assertThat(restored.profiles()).isEqualTo(book.profiles());
    }
}
