package io.energycorrelator.accuracy;

import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.estimate.AlignedEstimator;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.ConfiguredPower;
import io.energycorrelator.devices.profile.ConfiguredPowers;
import io.energycorrelator.devices.profile.DailyEnergy;
import io.energycorrelator.devices.profile.DeviceEnergyDay;
import io.energycorrelator.devices.profile.ProfileBook;
import io.energycorrelator.devices.profile.OnStates;
import io.energycorrelator.devices.profile.ProfileLookup;
import io.energycorrelator.devices.profile.SeenSpan;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's daily energy of every REFIT appliance, in-process (no InfluxDB): what a whole-day backfill with the
 * default rule writes. Each house's meter as Home Assistant records it (a row when the value changes), every state
 * change read by {@code aligned} (10 s / 10 s), the correlations it keeps (|step| ≥ 10 W) learned into a
 * {@link ProfileBook} in time order (overlapped ones are not learned, as in the service), then each appliance's day
 * valued by {@link DailyEnergy} over the span the meter covers, beside its plug's own integral.
 */
final class ServiceDeviceDays {

    static final double THRESHOLD_W = 10;

    /**
     * One appliance's day: the service's figure (null when it wrote none), the figure had the appliance been configured
     * at the median power its plug showed while on (and while off, for standby: {@link #plugMedians}), the plug's
     * integral, and the profiles the service learned in the day.
     */
    record DeviceDay(int house, String entityId, DeviceEnergyDay written, DeviceEnergyDay configured, double trueWh,
            ProfileLookup profiles) {
    }

    private ServiceDeviceDays() {
    }

    static List<DeviceDay> all() throws Exception {
        List<DeviceDay> days = new ArrayList<>();
        for (int n = 1; n <= RefitHouse.HOUSES; n++) {
            days.addAll(of(n, RefitHouse.load(n)));
        }
        return days;
    }

    static List<DeviceDay> of(int n, RefitHouse house) {
        AlignedEstimator rule = new AlignedEstimator(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(900));
        Confidence confidence = new Confidence(rule.reach().plusSeconds(30));
        long reach = rule.reach().toNanos();
        HouseDay day = new HouseDay(house);
        MeterWindow window = meterOnChange(house);
        List<TrueEvent> events = day.events();
        ProfileBook book = new ProfileBook();
        for (TrueEvent e : events) {
            StateChange change = change(e);
            PowerStep step = rule.estimate(window, change);
            if (step == null || Math.abs(step.deltaW()) < THRESHOLD_W) {
                continue;
            }
            int overlaps = (int) events.stream()
                    .filter(o -> o != e && Math.abs(Duration.between(o.time(), e.time()).toNanos()) <= reach).count();
            book.learn(new Correlation(change, step.beforeW(), step.afterW(), overlaps,
                    confidence.of(step.deltaW(), overlaps, window, e.time(), step.held())));
        }
        LocalDate date = LocalDate.ofInstant(day.dayStart(), ZoneOffset.UTC);
        SeenSpan seen = new SeenSpan(house.time(0), house.time(house.size() - 1));
        DailyEnergy daily = new DailyEnergy();
        Map<String, ConfiguredPower> medians = new HashMap<>();
        for (int k = 0; k < house.channels().length; k++) {
            medians.put(RefitHouse.entityId(k), plugMedians(house, events, k));
        }
        DailyEnergy configured = new DailyEnergy(ZoneOffset.UTC, OnStates.DEFAULTS, new ConfiguredPowers(medians));
        List<DeviceDay> out = new ArrayList<>();
        for (int k = 0; k < house.channels().length; k++) {
            String entity = RefitHouse.entityId(k);
            int channel = k;
            List<StateChange> changes = events.stream().filter(e -> e.channel() == channel).map(ServiceDeviceDays::change).toList();
            String atStart = Crossings.onAtStart(house.channels()[k]) ? "on" : "off";
            DeviceEnergyDay written = daily.days(entity, "switch", atStart, changes, date, date, seen, book).stream()
                    .findFirst().orElse(null);
            DeviceEnergyDay set = configured.days(entity, "switch", atStart, changes, date, date, seen, book).get(0);
            out.add(new DeviceDay(n, entity, written, set, day.trueEnergyWh().get(entity), book));
        }
        return out;
    }

    /** The median of channel k's samples while it was on, and of those while it was off (0 W when never). */
    static ConfiguredPower plugMedians(RefitHouse house, List<TrueEvent> events, int k) {
        double[] channel = house.channels()[k];
        boolean[] on = new boolean[channel.length];
        for (int[] interval : EnergyModels.onIntervals(house, events, k)) {
            Arrays.fill(on, interval[0], interval[1], true);
        }
        List<Double> onW = new ArrayList<>();
        List<Double> offW = new ArrayList<>();
        for (int i = 0; i < channel.length; i++) {
            (on[i] ? onW : offW).add(channel[i]);
        }
        return new ConfiguredPower(median(onW), median(offW));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return EnergyCalibration.quantile(sorted, 0.5);
    }

    static StateChange change(TrueEvent e) {
        return new StateChange(e.time(), e.entityId(), "switch", e.state(), e.previousState());
    }

    static MeterWindow meterOnChange(RefitHouse house) {
        List<MeterWindow.Reading> readings = new ArrayList<>();
        double[] a = house.aggregate();
        for (int i = 0; i < house.size(); i++) {
            if (i == 0 || a[i] != a[i - 1]) {
                readings.add(new MeterWindow.Reading(house.time(i), a[i]));
            }
        }
        return new MeterWindow(readings);
    }
}
