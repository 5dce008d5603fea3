package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * UK-DALE house 1 (test resource {@code /ukdale-house1/}, see its README) as the correlator would see it:
 * channel 1 (whole house) is the smart meter, and the kitchen lights' sub-meter (channel 8) yields the
 * Home Assistant state changes with their ground truth.
 * <p>
 * A state change of {@code light.kitchen} happens at each reading of channel 8 that is the first on the
 * other side of {@value #THRESHOLD_W} W (below → at or above: {@code off → on}; the reverse:
 * {@code on → off}), at that reading's time, as a template light watching the sub-meter would report it.
 * Its true step is the median of the channel 8 readings from that one on minus the median of those just
 * before it, up to {@value #SIDE_READINGS} a side and never reaching into a neighbouring change (the light
 * was sometimes on for a single reading).
 * <p>
 * The circuit's own energy per UTC day is the sum of its readings, each held until the next (at most
 * {@value #MAX_HOLD_SECONDS} s: longer gaps count that long), in the day of the reading.
 */
final class UkDaleHouse {

    static final double THRESHOLD_W = 20;
    static final int SIDE_READINGS = 3;
    static final long MAX_HOLD_SECONDS = 60;
    /** The whole UTC days the excerpt covers. */
    static final List<LocalDate> FULL_DAYS = List.of(LocalDate.parse("2013-04-13"), LocalDate.parse("2013-04-14"),
            LocalDate.parse("2013-04-15"), LocalDate.parse("2013-04-16"));
    private static final String FOLDER = "/ukdale-house1/";

    /** One derived state change and the kitchen lights' own step in watts (after − before). */
    record Event(StateChange change, double trueStepW) {
    }

    private final MeterWindow meter;
    private final List<Event> events;
    private final Map<LocalDate, Double> circuitEnergyWh;

    private UkDaleHouse(MeterWindow meter, List<Event> events, Map<LocalDate, Double> circuitEnergyWh) {
        this.meter = meter;
        this.events = events;
        this.circuitEnergyWh = circuitEnergyWh;
    }

    static UkDaleHouse load() {
        List<MeterWindow.Reading> meterReadings = read("channel_1.dat");
        List<MeterWindow.Reading> lights = read("channel_8.dat");
        return new UkDaleHouse(new MeterWindow(meterReadings), events(lights), energyByDay(lights));
    }

    /** The kitchen lights' energy on a UTC day by their own monitor, in watt-hours. */
    double circuitEnergyWh(LocalDate day) {
        return circuitEnergyWh.getOrDefault(day, 0.0);
    }

    private static Map<LocalDate, Double> energyByDay(List<MeterWindow.Reading> readings) {
        Map<LocalDate, Double> energy = new TreeMap<>();
        for (int i = 0; i + 1 < readings.size(); i++) {
            MeterWindow.Reading r = readings.get(i);
            long held = Math.min(MAX_HOLD_SECONDS, Duration.between(r.time(), readings.get(i + 1).time()).getSeconds());
            energy.merge(LocalDate.ofInstant(r.time(), ZoneOffset.UTC), r.watts() * held / 3600, Double::sum);
        }
        return energy;
    }

    /** Channel 1, the whole-house power, as one meter window. */
    MeterWindow meter() {
        return meter;
    }

    List<Event> events() {
        return events;
    }

    private static List<Event> events(List<MeterWindow.Reading> lights) {
        List<Integer> crossings = new ArrayList<>();
        for (int i = 1; i < lights.size(); i++) {
            if (isOn(lights.get(i - 1)) != isOn(lights.get(i))) {
                crossings.add(i);
            }
        }
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < crossings.size(); k++) {
            int i = crossings.get(k);
            int previous = k > 0 ? crossings.get(k - 1) : 0;
            int next = k + 1 < crossings.size() ? crossings.get(k + 1) : lights.size();
            double before = median(lights.subList(Math.max(previous, i - SIDE_READINGS), i));
            double after = median(lights.subList(i, Math.min(next, i + SIDE_READINGS)));
            boolean on = isOn(lights.get(i));
            StateChange change = new StateChange(lights.get(i).time(), "light.kitchen", "light",
                    on ? "on" : "off", on ? "off" : "on");
            events.add(new Event(change, after - before));
        }
        return List.copyOf(events);
    }

    private static boolean isOn(MeterWindow.Reading r) {
        return r.watts() >= THRESHOLD_W;
    }

    private static double median(List<MeterWindow.Reading> readings) {
        double[] watts = readings.stream().mapToDouble(MeterWindow.Reading::watts).sorted().toArray();
        int mid = watts.length / 2;
        return watts.length % 2 == 1 ? watts[mid] : (watts[mid - 1] + watts[mid]) / 2;
    }

    /** The readings of one channel file: {@code UNIX_SECONDS WATTS} a line. */
    private static List<MeterWindow.Reading> read(String file) {
        try (InputStream in = UkDaleHouse.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + FOLDER + file);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<MeterWindow.Reading> readings = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    String[] fields = line.trim().split("\\s+");
                    readings.add(new MeterWindow.Reading(Instant.ofEpochSecond(Long.parseLong(fields[0])),
                            Double.parseDouble(fields[1])));
                }
            }
            return readings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
