package io.energycorrelator.devices.profile;

import io.energycorrelator.model.Correlation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.energycorrelator.devices.profile.ProfileTestData.T0;
import static io.energycorrelator.devices.profile.ProfileTestData.correlation;
import static io.energycorrelator.devices.profile.ProfileTestData.off;
import static io.energycorrelator.devices.profile.ProfileTestData.on;
import static io.energycorrelator.devices.profile.ProfileTestData.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileBookTest {

    private static final String KETTLE = "switch.kettle";

    @Test
    void eachEntityAndTransitionIsLearnedApart() {
        ProfileBook book = new ProfileBook();
        book.learn(on(KETTLE, 0, 2000));
        book.learn(on(KETTLE, 10, 2020));
        book.learn(on(KETTLE, 20, 2010));
        book.learn(off(KETTLE, 3, -1990));
        book.learn(on("light.lamp", 5, 60));

        assertThat(book.find(KETTLE, "off->on")).hasValueSatisfying(p -> {
            assertThat(p.typicalStepW()).isEqualTo(2010.0);
            assertThat(p.spreadW()).isEqualTo(10.0);
            assertThat(p.count()).isEqualTo(3);
            assertThat(p.lastSeen()).isEqualTo(T0.plusSeconds(20 * 60));
        });
        assertThat(book.find(KETTLE, "on->off")).hasValueSatisfying(p -> assertThat(p.typicalStepW()).isEqualTo(-1990.0));
        assertThat(book.find("light.lamp", "off->on")).hasValueSatisfying(p -> assertThat(p.count()).isEqualTo(1));
        assertThat(book.find("light.lamp", "on->off")).isEmpty();
        assertThat(book.find("switch.other", "off->on")).isEmpty();
        assertThat(book.profiles()).extracting(p -> p.entityId() + " " + p.transition())
                .containsExactly("light.lamp off->on", "switch.kettle off->on", "switch.kettle on->off");
    }

    @Test
    void aProfileForgetsAllButTheNewestStepsSoAReplacedDeviceIsRelearned() {
        ProfileBook book = new ProfileBook(5);
        for (int i = 0; i < 10; i++) {
            book.learn(on(KETTLE, i, 2000));
        }
        assertThat(book.find(KETTLE, "off->on").orElseThrow().count()).isEqualTo(5);

        // a 3 kW kettle replaces it: two steps do not move the median, the third does
        book.learn(on(KETTLE, 10, 3000));
        book.learn(on(KETTLE, 11, 3000));
        assertThat(book.find(KETTLE, "off->on").orElseThrow().typicalStepW()).isEqualTo(2000.0);
        book.learn(on(KETTLE, 12, 3000));
        assertThat(book.find(KETTLE, "off->on").orElseThrow().typicalStepW()).isEqualTo(3000.0);
        book.learn(on(KETTLE, 13, 3000));
        book.learn(on(KETTLE, 14, 3000));

        DeviceProfile relearned = book.find(KETTLE, "off->on").orElseThrow();
        assertThat(relearned.spreadW()).isZero();
        assertThat(relearned.count()).isEqualTo(5);
        assertThat(book.snapshot().get(0).recentSteps()).extracting(ObservedStep::stepW).containsOnly(3000.0);
    }

    @Test
    void aStateOrEntityIdLongerThanHomeAssistantAllowsIsNotLearned() {
        ProfileBook book = new ProfileBook();
        String state = "h".repeat(256);

        assertThat(book.learn(step(KETTLE, "off", state, 0, 2000))).isFalse();
        assertThat(book.learn(step("switch." + "k".repeat(249), "off", "on", 0, 2000))).isFalse();
        assertThat(book.learn(step(KETTLE, "off", "h".repeat(255), 0, 2000))).isTrue();
        assertThat(book.find(KETTLE, "off->" + state)).isEmpty();
    }

    @Test
    void aStateChangeLearnedTwiceCountsOnceWithItsLatestStep() {
        ProfileBook book = new ProfileBook();
        book.learn(on(KETTLE, 0, 2000));
        book.learn(on(KETTLE, 1, 2100));
        book.learn(on(KETTLE, 1, 2050)); // the same event again (a backfill redone)

        DeviceProfile p = book.find(KETTLE, "off->on").orElseThrow();
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.typicalStepW()).isEqualTo(2025.0);
    }

    @Test
    void theNewestStepsByEventTimeAreKeptWhateverTheOrderTheyCameIn() {
        ProfileBook book = new ProfileBook(3);
        book.learn(on(KETTLE, 10, 2010));
        book.learn(on(KETTLE, 20, 2020));
        book.learn(on(KETTLE, 30, 2030));
        boolean learned = book.learn(on(KETTLE, 5, 9999)); // older than all three it keeps: forgotten at once

        assertThat(learned).isTrue();
        assertThat(book.snapshot().get(0).recentSteps()).extracting(ObservedStep::stepW).containsExactly(2010.0, 2020.0, 2030.0);
    }

    @Test
    void aCorrelationThatOverlappedAnotherStateChangeOrHasNoFiniteStepIsNotLearned() {
        ProfileBook book = new ProfileBook();

        assertThat(book.learn(correlation(KETTLE, "off", "on", 0, 2000, 1))).isFalse();
        assertThat(book.learn(on(KETTLE, 1, Double.NaN))).isFalse();
        assertThat(book.find(KETTLE, "off->on")).isEmpty();
        assertThat(book.snapshot()).isEmpty();
    }

    @Test
    void learnAllReturnsTheRecordsOfTheProfilesItChanged() {
        ProfileBook book = new ProfileBook();
        book.learn(on("light.lamp", 0, 60));

        List<ProfileRecord> changed = book.learnAll(List.of(on(KETTLE, 1, 2000), off(KETTLE, 4, -2000),
                on(KETTLE, 9, 2010), correlation("fan.attic", "off", "on", 9, 250, 2)));

        assertThat(changed).extracting(r -> r.entityId() + " " + r.transition() + " " + r.recentSteps().size())
                .containsExactly("switch.kettle off->on 2", "switch.kettle on->off 1");
    }

    @Test
    void aRestoredSnapshotIsTheSameBookAndLearnsTheSameFromThenOn() {
        ProfileBook original = new ProfileBook(8);
        List<Correlation> history = history(new Random(1), 0, 40);
        original.learnAll(history);

        ProfileBook restored = new ProfileBook(8);
        restored.restore(original.snapshot());

        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        assertThat(restored.profiles()).isEqualTo(original.profiles());
        List<Correlation> future = history(new Random(2), 40, 30);
        assertThat(restored.learnAll(future)).isEqualTo(original.learnAll(future));
        assertThat(restored.profiles()).isEqualTo(original.profiles());
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
    }

    @Test
    void restoringReplacesWhatWasLearnedAndKeepsTheNewestStepsThatFit() {
        ProfileBook big = new ProfileBook(10);
        for (int i = 0; i < 10; i++) {
            big.learn(on(KETTLE, i, 2000 + i));
        }
        ProfileBook small = new ProfileBook(4);
        small.learn(on("light.lamp", 0, 60));

        small.restore(big.snapshot());

        assertThat(small.find("light.lamp", "off->on")).isEmpty();
        assertThat(small.snapshot().get(0).recentSteps()).extracting(ObservedStep::stepW)
                .containsExactly(2006.0, 2007.0, 2008.0, 2009.0);
    }

    @Test
    void aBookRebuiltFromStoredCorrelationsInAnyOrderIsTheBookLearnedLive() {
        List<Correlation> stored = history(new Random(3), 0, 60);
        ProfileBook live = new ProfileBook(10);
        stored.forEach(live::learn);

        List<Correlation> shuffled = new ArrayList<>(stored);
        Collections.shuffle(shuffled, new Random(4));
        ProfileBook rebuilt = ProfileBook.rebuiltFrom(shuffled, 10);

        assertThat(rebuilt.snapshot()).isEqualTo(live.snapshot());
        assertThat(rebuilt.capacity()).isEqualTo(10);
    }

    @Test
    void transitionsNotSeenSinceACutoffAreForgottenTheOthersKept() {
        ProfileBook book = new ProfileBook();
        book.learn(on(KETTLE, 0, 2000));      // minute 0
        book.learn(off(KETTLE, 90, -2000));   // minute 90
        book.learn(on("light.gone", 10, 60)); // minute 10

        assertThat(book.forgetNotSeenSince(T0.plusSeconds(60 * 60))).isEqualTo(2);

        assertThat(book.size()).isEqualTo(1);
        assertThat(book.profiles()).extracting(p -> p.entityId() + " " + p.transition()).containsExactly("switch.kettle on->off");
        assertThat(book.snapshot()).hasSize(1);
        book.learn(on(KETTLE, 100, 2100)); // learned afresh: the forgotten steps do not come back
        assertThat(book.find(KETTLE, "off->on")).hasValueSatisfying(p -> assertThat(p.count()).isEqualTo(1));
    }

    @Test
    void whatAFailedCycleLearnedIsTakenBackAndItsRecordsAreTheTransitionsItChanged() {
        ProfileBook book = new ProfileBook();
        book.learn(on(KETTLE, 0, 2000));
        ProfileChanges cycle = new ProfileChanges();
        book.learn(on(KETTLE, 10, 2400), cycle);
        book.learn(on(KETTLE, 20, 2400), cycle);
        book.learn(on("light.new", 15, 60), cycle);

        assertThat(book.records(cycle)).extracting(r -> r.entityId() + " " + r.transition() + " " + r.recentSteps().size())
                .containsExactly("light.new off->on 1", "switch.kettle off->on 3");
        book.undo(cycle);

        assertThat(book.find(KETTLE, "off->on")).hasValueSatisfying(p -> {
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.typicalStepW()).isEqualTo(2000.0);
        });
        assertThat(book.find("light.new", "off->on")).isEmpty();
        assertThat(cycle.isEmpty()).isTrue();
    }

    @Test
    void undoingAFailedCycleKeepsWhatABackfillLearnedOnTheSameDeviceMeanwhile() {
        ProfileBook book = new ProfileBook();
        book.learn(on(KETTLE, 0, 2000));
        ProfileChanges cycle = new ProfileChanges();
        ProfileChanges chunk = new ProfileChanges();
        book.learn(on(KETTLE, 100, 2400), cycle);        // A: the live cycle
        book.learn(on(KETTLE, 50, 2100), chunk);         // B: a backfill chunk, same device and transition
        book.learn(on("light.new", 101, 60), cycle);     // a transition the cycle made
        book.learn(on("light.new", 40, 61), chunk);      // ... and the backfill learned into too
        book.undo(cycle);

        assertThat(book.snapshot()).extracting(r -> r.entityId() + " " + r.recentSteps())
                .containsExactly("light.new " + List.of(new ObservedStep(T0.plusSeconds(40 * 60), 61)),
                        KETTLE + " " + List.of(new ObservedStep(T0, 2000), new ObservedStep(T0.plusSeconds(50 * 60), 2100)));
        assertThat(book.find(KETTLE, "off->on").orElseThrow().typicalStepW()).isEqualTo(2050.0);
        assertThat(book.find("light.new", "off->on").orElseThrow().count()).isEqualTo(1);
    }

    @Test
    void undoingPutsBackTheStepsTheCycleDisplacedUnlessAnotherLearnerHasTakenTheirPlace() {
        ProfileBook book = new ProfileBook(3);
        book.learn(on(KETTLE, 0, 2000));
        book.learn(on(KETTLE, 1, 2001));
        book.learn(on(KETTLE, 2, 2002));
        ProfileChanges cycle = new ProfileChanges();
        book.learn(on(KETTLE, 3, 2500), cycle);  // evicts minute 0
        book.learn(on(KETTLE, 1, 2600), cycle);  // replaces minute 1
        book.learn(on(KETTLE, 1, 2700), cycle);  // and again: only minute 1's value before the cycle comes back
        book.learn(on(KETTLE, 2, 2800), cycle);  // replaces minute 2 ...
        book.learn(on(KETTLE, 2, 2900));         // ... which another learner then sets: that stays
        book.undo(cycle);

        assertThat(book.find(KETTLE, "off->on").orElseThrow().count()).isEqualTo(3);
        assertThat(book.snapshot().get(0).recentSteps()).containsExactly(new ObservedStep(T0, 2000),
                new ObservedStep(T0.plusSeconds(60), 2001), new ObservedStep(T0.plusSeconds(120), 2900));
        assertThat(cycle.isEmpty()).isTrue();
    }

    @Test
    void aBackfillStepThatPushedOutAnOlderOneBesideAFailedCyclesStepLeavesItBackOnceTheCycleIsUndone() {
        ProfileBook book = new ProfileBook(2);
        book.learn(on(KETTLE, 0, 2000));
        ProfileChanges cycle = new ProfileChanges();
        book.learn(on(KETTLE, 3, 2500), cycle);
        book.learn(on(KETTLE, 2, 2100), new ProfileChanges()); // the newest two are now minutes 2 and 3
        book.undo(cycle);

        assertThat(book.snapshot().get(0).recentSteps()).containsExactly(new ObservedStep(T0, 2000),
                new ObservedStep(T0.plusSeconds(120), 2100));
    }

    @Test
    void aCycleLearningAndUndoingOverAndOverBesideABackfillLeavesExactlyWhatTheBackfillLearned() throws Exception {
        ProfileBook book = new ProfileBook(500);
        ProfileBook backfillOnly = new ProfileBook(500);
        Thread backfill = new Thread(() -> {
            ProfileChanges chunk = new ProfileChanges();
            for (int i = 0; i < 2000; i += 2) {
                book.learn(on(KETTLE, i, 2000 + i), chunk);
            }
        });
        backfill.start();
        for (int round = 0; round < 200; round++) {
            ProfileChanges cycle = new ProfileChanges();
            for (int i = 1; i < 2000; i += 40) {
                book.learn(on(KETTLE, i + 2 * (round % 20), 1), cycle);
            }
            book.undo(cycle);
        }
        backfill.join();
        for (int i = 0; i < 2000; i += 2) {
            backfillOnly.learn(on(KETTLE, i, 2000 + i));
        }
        assertThat(book.snapshot()).hasSize(1);
        assertThat(book.snapshot().get(0).recentSteps()).as("steps kept").hasSize(500);
        assertThat(book.snapshot()).isEqualTo(backfillOnly.snapshot());
    }

    @Test
    void theCapacityMustBePositive() {
        assertThatThrownBy(() -> new ProfileBook(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ProfileBook().capacity()).isEqualTo(ProfileBook.DEFAULT_CAPACITY).isEqualTo(30);
    }

    /** count on and off steps of three devices, a minute apart from minute {@code from}, with some noise. */
    private static List<Correlation> history(Random random, int from, int count) {
        String[] entities = {KETTLE, "light.lamp", "climate.heater"};
        double[] watts = {2000, 60, 1500};
        List<Correlation> history = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int d = random.nextInt(entities.length);
            double w = watts[d] * (1 + 0.05 * random.nextGaussian());
            String onState = d == 2 ? "heat" : "on";
            history.add(random.nextBoolean()
                    ? ProfileTestData.step(entities[d], "off", onState, from + i, w)
                    : ProfileTestData.step(entities[d], onState, "off", from + i, -w));
        }
        return history;
    }
}
