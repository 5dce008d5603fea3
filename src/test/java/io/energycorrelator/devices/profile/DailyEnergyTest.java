package io.energycorrelator.devices.profile;

import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.StateChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DailyEnergyTest {

    private static final String HEATER = "switch.heater";
    private static final LocalDate MARCH_4 = LocalDate.parse("2024-03-04");
    private static final LocalDate MARCH_5 = LocalDate.parse("2024-03-05");
    private static final DailyEnergy UTC_DAYS = new DailyEnergy();

    /**
     * The heater's off → on profile: three steps of 2000 W, nothing for on → off: its energy's confidence is that of one
     * side known alone (agreement 0), 0.224.
     */
    private static final ProfileBook HEATER_ON_2000 = book(
            ProfileTestData.on(HEATER, 0, 2000), ProfileTestData.on(HEATER, 1, 2000), ProfileTestData.on(HEATER, 2, 2000));

    private static ProfileBook book(Correlation... learned) {
        ProfileBook book = new ProfileBook();
        book.learnAll(List.of(learned));
        return book;
    }

    private static StateChange change(String entityId, String at, String from, String to) {
        return new StateChange(Instant.parse(at), entityId, entityId.substring(0, entityId.indexOf('.')), to, from);
    }

    @Test
    void aDeviceOnAcrossMidnightCountsInBothDaysEachItsPart() {
        List<StateChange> changes = List.of(
                change(HEATER, "2024-03-04T22:30:00Z", "off", "on"),
                change(HEATER, "2024-03-05T01:15:30Z", "on", "off"));

        List<DeviceEnergyDay> days = UTC_DAYS.days(HEATER, "switch", "off", changes, MARCH_4, MARCH_5, HEATER_ON_2000);

        assertThat(days).containsExactly(
                new DeviceEnergyDay(HEATER, MARCH_4, Instant.parse("2024-03-04T00:00:00Z"), 3000.0, 5400.0, 2000.0, 0.224, 86_400.0, true, 0.0),
                new DeviceEnergyDay(HEATER, MARCH_5, Instant.parse("2024-03-05T00:00:00Z"), 4530.0 * 2000 / 3600, 4530.0, 2000.0, 0.224, 86_400.0, true, 0.0));
        assertThat(days.get(1).energyWh()).isCloseTo(2516.6667, within(1e-4));
        assertThat(UTC_DAYS.day(HEATER, "switch", "on", changes.subList(1, 2), MARCH_5, HEATER_ON_2000)).contains(days.get(1));
    }

    @Test
    void daysAreCutAtMidnightInTheGivenZone() {
        DailyEnergy amsterdam = new DailyEnergy(ZoneId.of("Europe/Amsterdam")); // UTC+1 in early March
        List<StateChange> changes = List.of(
                change(HEATER, "2024-03-04T22:30:00Z", "off", "on"),  // 23:30 local
                change(HEATER, "2024-03-05T01:15:30Z", "on", "off")); // 02:15:30 local

        List<DeviceEnergyDay> days = amsterdam.days(HEATER, "switch", "off", changes, MARCH_4, MARCH_5, HEATER_ON_2000);

        assertThat(days).extracting(DeviceEnergyDay::start)
                .containsExactly(Instant.parse("2024-03-03T23:00:00Z"), Instant.parse("2024-03-04T23:00:00Z"));
        assertThat(days).extracting(DeviceEnergyDay::onSeconds).containsExactly(1800.0, 8130.0);
        assertThat(days).extracting(DeviceEnergyDay::energyWh).containsExactly(1000.0, 8130.0 * 2000 / 3600);
    }

    @Test
    void aDayWithAClockChangeLastsItsOwnLength() {
        LocalDate summerTime = LocalDate.parse("2024-03-31"); // 23 hours in Amsterdam

        DeviceEnergyDay day = new DailyEnergy(ZoneId.of("Europe/Amsterdam"))
                .day(HEATER, "switch", "on", List.of(), summerTime, HEATER_ON_2000).orElseThrow();

        assertThat(day.start()).isEqualTo(Instant.parse("2024-03-30T23:00:00Z"));
        assertThat(day.onSeconds()).isEqualTo(82_800.0);
        assertThat(day.energyWh()).isEqualTo(46_000.0);
    }

    @Test
    void aDayIsCountedOnlyAsFarAsTheDataReachesAndSaysSo() {
        // on since 20:00; the data ends five minutes into the next day
        List<StateChange> changes = List.of(change(HEATER, "2024-03-04T20:00:00Z", "off", "on"));
        SeenSpan seen = new SeenSpan(Instant.parse("2024-03-03T00:00:00Z"), Instant.parse("2024-03-05T00:05:00Z"));

        List<DeviceEnergyDay> days = UTC_DAYS.days(HEATER, "switch", "off", changes, MARCH_4, MARCH_5, seen, HEATER_ON_2000);

        assertThat(days).containsExactly(
                new DeviceEnergyDay(HEATER, MARCH_4, Instant.parse("2024-03-04T00:00:00Z"), 8000.0, 14_400.0, 2000.0, 0.224,
                        86_400.0, true, 0.0),
                new DeviceEnergyDay(HEATER, MARCH_5, Instant.parse("2024-03-05T00:00:00Z"), 300.0 * 2000 / 3600, 300.0, 2000.0,
                        0.224, 300.0, false, 0.0));
    }

    @Test
    void aDayTheDataDoesNotReachIsLeftOutAndNothingCountsBeforeTheDataBegins() {
        SeenSpan seen = new SeenSpan(Instant.parse("2024-03-04T12:00:00Z"), Instant.parse("2024-03-05T00:00:00Z"));

        List<DeviceEnergyDay> days = UTC_DAYS.days(HEATER, "switch", "on", List.of(), MARCH_4, MARCH_5, seen, HEATER_ON_2000);

        assertThat(days).containsExactly(new DeviceEnergyDay(HEATER, MARCH_4, Instant.parse("2024-03-04T00:00:00Z"),
                24_000.0, 43_200.0, 2000.0, 0.224, 43_200.0, false, 0.0));
    }

    @Test
    void aDayOf23HoursAndOneOf25HoursAreCompleteAtTheirOwnLength() {
        DailyEnergy london = new DailyEnergy(ZoneId.of("Europe/London"));
        LocalDate spring = LocalDate.parse("2024-03-31");
        LocalDate autumn = LocalDate.parse("2024-10-27");
        SeenSpan seen = new SeenSpan(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-01T00:00:00Z"));

        DeviceEnergyDay springDay = london.days(HEATER, "switch", "on", List.of(), spring, spring, seen, HEATER_ON_2000).get(0);
        DeviceEnergyDay autumnDay = london.days(HEATER, "switch", "on", List.of(), autumn, autumn, seen, HEATER_ON_2000).get(0);

        assertThat(springDay).isEqualTo(new DeviceEnergyDay(HEATER, spring, Instant.parse("2024-03-31T00:00:00Z"), 46_000.0,
                82_800.0, 2000.0, 0.224, 82_800.0, true, 0.0));
        assertThat(autumnDay).isEqualTo(new DeviceEnergyDay(HEATER, autumn, Instant.parse("2024-10-26T23:00:00Z"), 50_000.0,
                90_000.0, 2000.0, 0.224, 90_000.0, true, 0.0));
    }

    @Test
    void theOnAndOffProfilesAreAveragedByTheirCounts() {
        ProfileBook book = book(ProfileTestData.on(HEATER, 0, 2000), ProfileTestData.on(HEATER, 1, 2000),
                ProfileTestData.on(HEATER, 2, 2000), ProfileTestData.off(HEATER, 3, -2100));
        List<StateChange> changes = List.of(change(HEATER, "2024-03-04T10:00:00Z", "off", "on"),
                change(HEATER, "2024-03-04T11:00:00Z", "on", "off"));

        DeviceEnergyDay day = UTC_DAYS.day(HEATER, "switch", "off", changes, MARCH_4, book).orElseThrow();

        assertThat(day.typicalPowerW()).isEqualTo(2025.0);     // (3 × 2000 + 1 × 2100) / 4
        assertThat(day.energyWh()).isEqualTo(2025.0);
        // Up 2000 W, down 2100 W: agreement 2000 / 2100; the off side on one step only.
        assertThat(day.confidence()).isEqualTo(0.437);
        assertThat(day.energyWhLow()).isEqualTo(2025.0 * 0.75);
        assertThat(day.energyWhHigh()).isEqualTo(2025.0 * 1.59);
    }

    @Test
    void aDeviceWhoseStepsUpAndDownAgreeOnEnoughStepsEarnsTheHighestConfidenceAndTheNarrowerRange() {
        ProfileBook book = book(ProfileTestData.on(HEATER, 0, 2000), ProfileTestData.on(HEATER, 1, 2000),
                ProfileTestData.on(HEATER, 2, 2000), ProfileTestData.off(HEATER, 3, -2000), ProfileTestData.off(HEATER, 4, -2000),
                ProfileTestData.off(HEATER, 5, -2000));
        List<StateChange> changes = List.of(change(HEATER, "2024-03-04T10:00:00Z", "off", "on"),
                change(HEATER, "2024-03-04T10:30:00Z", "on", "off"));

        DeviceEnergyDay day = UTC_DAYS.day(HEATER, "switch", "off", changes, MARCH_4, book).orElseThrow();

        // Agreement 1, three steps a side: 1 / (1 + e^-(-1.243 + 1.039 + 1.183)); the range 0.75 to 1.59 times.
        assertThat(day).isEqualTo(new DeviceEnergyDay(HEATER, MARCH_4, Instant.parse("2024-03-04T00:00:00Z"), 1000.0, 750.0,
                1590.0, 1800.0, 2000.0, 0.727, 86_400.0, true, 0.0, "profile"));
    }

    @Test
    void aClimateEntityIsOnInEveryModeEachValuedByItsOwnProfilesOrElseTheMostConfidentOther() {
        String hvac = "climate.hvac";
        List<Correlation> learned = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            learned.add(ProfileTestData.step(hvac, "off", "heat", i, 1500));   // confidence 0.5
        }
        for (int i = 0; i < 9; i++) {
            learned.add(ProfileTestData.step(hvac, "cool", "off", 10 + i, -1000)); // confidence 0.75
        }
        ProfileBook book = new ProfileBook();
        book.learnAll(learned);
        List<StateChange> changes = List.of(
                change(hvac, "2024-03-04T08:00:00Z", "off", "heat"),
                change(hvac, "2024-03-04T09:00:00Z", "heat", "cool"),
                change(hvac, "2024-03-04T10:00:00Z", "cool", "off"),
                change(hvac, "2024-03-04T11:00:00Z", "off", "unavailable"),
                change(hvac, "2024-03-04T12:00:00Z", "unavailable", "heat"),
                change(hvac, "2024-03-04T12:30:00Z", "heat", "auto"),  // no profile: valued as cool (0.75)
                change(hvac, "2024-03-04T13:00:00Z", "auto", "off"));

        DeviceEnergyDay day = UTC_DAYS.day(hvac, "climate", "off", changes, MARCH_4, book).orElseThrow();

        // heat 1.5 h × 1500 W + cool 1 h × 1000 W + auto 0.5 h × 1000 W; unavailable 1 h, neither on nor off
        assertThat(day.onSeconds()).isEqualTo(10_800.0);
        assertThat(day.unknownSeconds()).isEqualTo(3600.0);
        assertThat(day.energyWh()).isEqualTo(3750.0);
        assertThat(day.typicalPowerW()).isEqualTo(1250.0);
        // Heat and cool each known from one side (0.224); no action stored: the mode alone says it ran, so half that.
        assertThat(day.confidence()).isEqualTo(0.112);
    }

    @Test
    void aDayOffIsZeroWattHoursValuedAtWhatTheDeviceWouldDraw() {
        List<DeviceEnergyDay> days = UTC_DAYS.days(HEATER, "switch", "off", List.of(), MARCH_4, MARCH_5, HEATER_ON_2000);

        assertThat(days).containsExactly(
                new DeviceEnergyDay(HEATER, MARCH_4, Instant.parse("2024-03-04T00:00:00Z"), 0.0, 0.0, 2000.0, 0.224, 86_400.0, true, 0.0),
                new DeviceEnergyDay(HEATER, MARCH_5, Instant.parse("2024-03-05T00:00:00Z"), 0.0, 0.0, 2000.0, 0.224, 86_400.0, true, 0.0));
    }

    @Test
    void unknownAndUnavailableAreNeitherOnNorOffButCountedApart() {
        List<StateChange> changes = List.of(
                change(HEATER, "2024-03-04T10:00:00Z", "unknown", "on"),
                change(HEATER, "2024-03-04T10:30:00Z", "on", "unavailable"),
                change(HEATER, "2024-03-04T12:00:00Z", "unavailable", "on"));

        // No state stored before 10:00: unknown too.
        DeviceEnergyDay day = UTC_DAYS.day(HEATER, "switch", null, changes, MARCH_4, HEATER_ON_2000).orElseThrow();

        assertThat(day.onSeconds()).isEqualTo(1800.0 + 12 * 3600);
        assertThat(day.unknownSeconds()).isEqualTo(10 * 3600.0 + 5400.0);
        assertThat(day.energyWh()).isEqualTo((1800.0 + 12 * 3600) * 2000 / 3600);
    }

    @Test
    void aPlugThatDropsOffWhileOnIsBilledOnlyForTheTimeItWasSeenOnWhicheverWayItComesBack() {
        // Dropped at 10:00 while on; back at 14:00 either still on or now off: the four hours are unknown both ways.
        for (String back : List.of("on", "off")) {
            List<StateChange> changes = List.of(
                    change(HEATER, "2024-03-04T09:00:00Z", "off", "on"),
                    change(HEATER, "2024-03-04T10:00:00Z", "on", "unavailable"),
                    change(HEATER, "2024-03-04T14:00:00Z", "unavailable", back),
                    change(HEATER, "2024-03-04T15:00:00Z", back, "off"));

            DeviceEnergyDay day = UTC_DAYS.day(HEATER, "switch", "off", changes, MARCH_4, HEATER_ON_2000).orElseThrow();

            double on = back.equals("on") ? 7200.0 : 3600.0;
            assertThat(day.onSeconds()).as(back).isEqualTo(on);
            assertThat(day.unknownSeconds()).as(back).isEqualTo(4 * 3600.0);
            assertThat(day.energyWh()).as(back).isEqualTo(on * 2000 / 3600);
            assertThat(day.coveredSeconds()).as(back).isEqualTo(86_400.0);
        }
    }

    @Test
    void unknownTimeOutsideTheSeenSpanIsNotCounted() {
        List<StateChange> changes = List.of(change(HEATER, "2024-03-04T20:00:00Z", "on", "unavailable"));
        SeenSpan seen = new SeenSpan(Instant.parse("2024-03-04T00:00:00Z"), Instant.parse("2024-03-04T22:00:00Z"));

        DeviceEnergyDay day = UTC_DAYS.days(HEATER, "switch", "on", changes, MARCH_4, MARCH_4, seen, HEATER_ON_2000).get(0);

        assertThat(day.onSeconds()).isEqualTo(20 * 3600.0);
        assertThat(day.unknownSeconds()).isEqualTo(2 * 3600.0);
        assertThat(day.complete()).isFalse();
    }

    /** A thermostat left in heat all day, 1500 W when heating (three steps into heat, none out: energy confidence 0.224). */
    private static final String THERMOSTAT = "climate.living_room";
    private static final ProfileBook HEAT_1500 = book(ProfileTestData.step(THERMOSTAT, "off", "heat", 0, 1500),
            ProfileTestData.step(THERMOSTAT, "off", "heat", 1, 1500), ProfileTestData.step(THERMOSTAT, "off", "heat", 2, 1500));

    private static ClimateActions.Action action(String at, String action) {
        return new ClimateActions.Action(Instant.parse(at), action);
    }

    @Test
    void aThermostatInHeatModeIsOnOnlyWhileItsActionSaysItHeats() {
        ClimateActions actions = new ClimateActions("idle", List.of(
                action("2024-03-04T06:00:00Z", "heating"),
                action("2024-03-04T07:30:00Z", "idle"),
                action("2024-03-04T18:00:00Z", "preheating"),
                action("2024-03-04T18:15:00Z", "heating"),
                action("2024-03-04T19:00:00Z", "idle"),
                action("2024-03-04T23:00:00Z", "fan")));

        DeviceEnergyDay day = UTC_DAYS.days(THERMOSTAT, "climate", "heat", List.of(), MARCH_4, MARCH_4, SeenSpan.ALL,
                actions, HEAT_1500).get(0);

        // 1.5 h + 1 h (preheating, heating) + 1 h (fan) = 3.5 h at the heat mode's 1500 W, full confidence.
        assertThat(day.onSeconds()).isEqualTo(12_600.0);
        assertThat(day.unknownSeconds()).isZero();
        assertThat(day.energyWh()).isEqualTo(5250.0);
        assertThat(day.confidence()).isEqualTo(0.224);
        // Without the action the mode alone bills the whole day, at half the confidence.
        DeviceEnergyDay byMode = UTC_DAYS.days(THERMOSTAT, "climate", "heat", List.of(), MARCH_4, MARCH_4, HEAT_1500).get(0);
        assertThat(byMode.onSeconds()).isEqualTo(86_400.0);
        assertThat(byMode.energyWh()).isEqualTo(36_000.0);
        assertThat(byMode.confidence()).isEqualTo(0.112);
    }

    @Test
    void aThermostatThatGoesUnavailableForgetsItsLastActionUntilANewOneIsStored() {
        List<StateChange> changes = List.of(
                change(THERMOSTAT, "2024-03-04T10:00:00Z", "heat", "unavailable"),
                change(THERMOSTAT, "2024-03-04T11:00:00Z", "unavailable", "heat"),
                change(THERMOSTAT, "2024-03-04T12:00:00Z", "heat", "off"));
        // Heating when it dropped; back at 11:00 with the action stored beside the state (same instant), then off.
        ClimateActions actions = new ClimateActions("heating", List.of(
                action("2024-03-04T11:00:00Z", "heating"),
                action("2024-03-04T12:00:00Z", "off")));

        DeviceEnergyDay day = UTC_DAYS.days(THERMOSTAT, "climate", "heat", changes, MARCH_4, MARCH_4, SeenSpan.ALL,
                actions, HEAT_1500).get(0);

        assertThat(day.onSeconds()).isEqualTo(11 * 3600.0);
        assertThat(day.unknownSeconds()).isEqualTo(3600.0);
        assertThat(day.energyWh()).isEqualTo(11 * 1500.0);
        assertThat(day.confidence()).isEqualTo(0.224);
    }

    @Test
    void aCoverDrawsOnlyWhileOpeningOrClosingValuedByItsMotorsSteps() {
        String blind = "cover.blind";
        // The motor: +120 W into opening (twice), -120 W out of closing (twice).
        ProfileBook motor = book(ProfileTestData.step(blind, "closed", "opening", 0, 120),
                ProfileTestData.step(blind, "closed", "opening", 1, 120),
                ProfileTestData.step(blind, "closing", "closed", 2, -120),
                ProfileTestData.step(blind, "closing", "closed", 3, -120));
        List<StateChange> changes = List.of(
                change(blind, "2024-03-04T07:00:00Z", "closed", "opening"),
                change(blind, "2024-03-04T07:00:30Z", "opening", "open"),
                change(blind, "2024-03-04T21:00:00Z", "open", "closing"),
                change(blind, "2024-03-04T21:00:45Z", "closing", "closed"));

        DeviceEnergyDay day = UTC_DAYS.day(blind, "cover", "closed", changes, MARCH_4, motor).orElseThrow();

        assertThat(day.onSeconds()).isEqualTo(75.0);
        assertThat(day.energyWh()).isEqualTo(75.0 * 120 / 3600);
        assertThat(day.typicalPowerW()).isEqualTo(120.0);
        assertThat(day.unknownSeconds()).isZero();
    }

    @Test
    void stateChangesBeforeTheRangeAreLeftToTheStateAtItsStartAndThoseAfterItAreIgnored() {
        List<StateChange> changes = List.of(
                change(HEATER, "2024-03-03T20:00:00Z", "off", "on"),
                change(HEATER, "2024-03-04T00:00:00Z", "on", "off"),   // exactly at the start: counts
                change(HEATER, "2024-03-04T06:00:00Z", "off", "on"),
                change(HEATER, "2024-03-05T00:00:00Z", "on", "off"));  // the end of the range

        DeviceEnergyDay day = UTC_DAYS.day(HEATER, "switch", "on", changes, MARCH_4, HEATER_ON_2000).orElseThrow();

        assertThat(day.onSeconds()).isEqualTo(18 * 3600.0);
    }

    @Test
    void aDeviceWithoutAProfileOrWhoseStatesAreNotOnAndOffIsNotValued() {
        List<StateChange> changes = List.of(change(HEATER, "2024-03-04T10:00:00Z", "off", "on"));

        assertThat(UTC_DAYS.days(HEATER, "switch", "off", changes, MARCH_4, MARCH_5, ProfileLookup.none())).isEmpty();
        assertThat(UTC_DAYS.days("vacuum.robot", "vacuum", "cleaning", List.of(), MARCH_4, MARCH_5, HEATER_ON_2000)).isEmpty();
        assertThat(UTC_DAYS.days("cover.blind", "cover", "closed", List.of(), MARCH_4, MARCH_5, HEATER_ON_2000)).isEmpty();
        ProfileBook heat = book(ProfileTestData.step("climate.hvac", "off", "heat", 0, 1500));
        assertThat(UTC_DAYS.days("climate.hvac", "climate", "off", List.of(), MARCH_4, MARCH_5, heat)).isEmpty();
    }

    @Test
    void stateChangesMustBeTheEntitysInTimeOrderAndTheRangeTheRightWayRound() {
        List<StateChange> reversed = List.of(change(HEATER, "2024-03-04T11:00:00Z", "on", "off"),
                change(HEATER, "2024-03-04T10:00:00Z", "off", "on"));

        assertThatThrownBy(() -> UTC_DAYS.day(HEATER, "switch", "off", reversed, MARCH_4, HEATER_ON_2000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of time order");
        assertThatThrownBy(() -> UTC_DAYS.day(HEATER, "switch", "off",
                List.of(change("switch.kettle", "2024-03-04T10:00:00Z", "off", "on")), MARCH_4, HEATER_ON_2000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("switch.kettle");
        assertThatThrownBy(() -> UTC_DAYS.days(HEATER, "switch", "off", List.of(), MARCH_5, MARCH_4, HEATER_ON_2000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
