package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded week of a house with the trouble a real one has, and the truth about it: 20 switched devices
 * from 5 W to 3 kW; each run of a device draws its own level (a few per cent around its nominal power) and
 * each meter reading sees that level with the device's own noise (1 % for a kettle, 12 % for a
 * computer). The meter reads the whole house every 8 s (± 0.3 s) with 2 W of noise, rounded to the watt,
 * its clock off from Home Assistant's by up to ± 8 s (swinging over 41 hours); the house also holds a
 * drifting base load (150 W ± 30 W a day plus a random walk) and an untracked 90 W fridge cycling all
 * day. Home Assistant records a state change 0–1 s after the power moved. On top of the chance
 * coincidences, state changes get a companion (another device switching within 30 s) until at least one
 * event in ten has another device switch within 30 s of it ({@link #shareWithAnotherWithin30s}).
 * <p>
 * It knows each event's true step (the level of that run, + on or − off) and each device's true energy per
 * UTC day (its runs' levels × their time on, as the device switched).
 */
final class SimulatedHouse {

    /** A device: its entity, power, how its runs vary and how it reads, and when and how long it runs. */
    record Device(String entityId, String domain, String onState, double nominalW, double runSpread,
            double readingNoise, int runsPerDay, int minMinutes, int maxMinutes, int fromHour, int toHour) {
    }

    /** One event as Home Assistant records it, and the device's true step (after − before) in watts. */
    record Event(StateChange change, double trueStepW) {
    }

    /** One run of a device: the power moved at {@code on} and back at {@code off}, {@code watts} between. */
    private record Run(Device device, Instant on, Instant off, double watts) {
    }

    static final List<Device> DEVICES = List.of(
            new Device("light.hall_night", "light", "on", 5, 0.02, 0.02, 4, 2, 20, 0, 24),
            new Device("light.desk", "light", "on", 9, 0.02, 0.02, 5, 20, 120, 8, 23),
            new Device("switch.phone_charger", "switch", "on", 12, 0.05, 0.10, 2, 60, 180, 0, 24),
            new Device("light.stairs", "light", "on", 18, 0.02, 0.02, 8, 1, 5, 6, 24),
            new Device("light.bedroom", "light", "on", 35, 0.02, 0.02, 3, 15, 90, 6, 24),
            new Device("fan.bathroom", "fan", "on", 40, 0.03, 0.04, 4, 10, 30, 6, 23),
            new Device("light.kitchen", "light", "on", 60, 0.02, 0.02, 6, 10, 90, 6, 23),
            new Device("light.living_room", "light", "on", 95, 0.02, 0.02, 3, 60, 240, 16, 24),
            new Device("switch.tv", "switch", "on", 130, 0.05, 0.08, 3, 30, 180, 10, 24),
            new Device("switch.computer", "switch", "on", 180, 0.08, 0.12, 2, 60, 240, 8, 23),
            new Device("fan.attic", "fan", "on", 250, 0.03, 0.04, 2, 30, 120, 10, 20),
            new Device("switch.dehumidifier", "switch", "on", 420, 0.03, 0.03, 3, 30, 120, 0, 24),
            new Device("switch.toaster", "switch", "on", 850, 0.02, 0.02, 2, 2, 4, 6, 10),
            new Device("switch.microwave", "switch", "on", 1150, 0.02, 0.02, 3, 1, 6, 7, 22),
            new Device("switch.hair_dryer", "switch", "on", 1600, 0.03, 0.04, 1, 3, 8, 6, 23),
            new Device("climate.bathroom_heater", "climate", "heat", 1500, 0.02, 0.01, 2, 20, 60, 5, 23),
            new Device("switch.kettle", "switch", "on", 2050, 0.02, 0.01, 5, 2, 4, 6, 23),
            new Device("climate.office_heater", "climate", "heat", 2000, 0.02, 0.01, 1, 60, 180, 8, 18),
            new Device("switch.oven", "switch", "on", 2700, 0.02, 0.02, 1, 30, 75, 17, 20),
            new Device("switch.water_heater", "switch", "on", 3000, 0.02, 0.01, 2, 20, 60, 0, 24));

    static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    static final int DAYS = 7;
    static final Instant END = START.plus(Duration.ofDays(DAYS));
    static final long DEFAULT_SEED = 13;

    private static final long METER_PERIOD_MILLIS = 8_000;
    private static final double MAX_SKEW_SECONDS = 8;
    private static final double SKEW_PERIOD_HOURS = 41;
    private static final double METER_NOISE_W = 2;
    private static final double FRIDGE_W = 90;
    /** The share of events that have another device switch within 30 s (by chance or as a companion). */
    static final double COMPANION_SHARE = 0.10;
    private static final long COMPANION_REACH_MILLIS = 30_000;

    private final MeterWindow meter;
    private final List<Event> events;
    private final Map<String, Map<LocalDate, Double>> trueEnergyWh;

    private SimulatedHouse(MeterWindow meter, List<Event> events, Map<String, Map<LocalDate, Double>> trueEnergyWh) {
        this.meter = meter;
        this.events = events;
        this.trueEnergyWh = trueEnergyWh;
    }

    static SimulatedHouse generate() {
        return generate(DEFAULT_SEED);
    }

    static SimulatedHouse generate(long seed) {
        Random random = new Random(seed);
        List<List<Run>> runs = new ArrayList<>();
        for (Device d : DEVICES) {
            runs.add(runsOf(d, random));
        }
        addCompanions(runs, random);
        List<Run> all = runs.stream().flatMap(List::stream).sorted(Comparator.comparing(Run::on)).toList();
        return new SimulatedHouse(meter(runs, random), events(all, random), energy(all));
    }

    MeterWindow meter() {
        return meter;
    }

    /** The events in time order. */
    List<Event> events() {
        return events;
    }

    /** The device's true energy on a UTC day, in watt-hours (0 when it did not run). */
    double trueEnergyWh(String entityId, LocalDate day) {
        return trueEnergyWh.getOrDefault(entityId, Map.of()).getOrDefault(day, 0.0);
    }

    /** The share of events with another device's event within 30 s of it, as Home Assistant recorded them. */
    double shareWithAnotherWithin30s() {
        return shareWithAnotherWithin30s(events.stream().map(e -> new Switch(e.change().time(), e.change().entityId())).toList());
    }

    /** Runs spread at random over the device's hours of each day, never overlapping (a minute apart at least). */
    private static List<Run> runsOf(Device d, Random random) {
        List<Run> runs = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            Instant dayStart = START.plus(Duration.ofDays(day));
            List<Instant> starts = new ArrayList<>();
            for (int r = 0; r < d.runsPerDay(); r++) {
                long fromMillis = d.fromHour() * 3_600_000L;
                long spanMillis = (d.toHour() - d.fromHour()) * 3_600_000L;
                starts.add(dayStart.plusMillis(fromMillis + (long) (random.nextDouble() * spanMillis)));
            }
            starts.sort(Comparator.naturalOrder());
            for (Instant on : starts) {
                Instant off = on.plusMillis(minutes(d, random));
                boolean clear = runs.isEmpty() || on.isAfter(runs.get(runs.size() - 1).off().plusSeconds(60));
                if (clear && on.isAfter(START.plusSeconds(600)) && off.isBefore(END.minusSeconds(600))) {
                    runs.add(new Run(d, on, off, level(d, random)));
                }
            }
        }
        return runs;
    }

    private static long minutes(Device d, Random random) {
        return (long) ((d.minMinutes() + random.nextDouble() * (d.maxMinutes() - d.minMinutes())) * 60_000);
    }

    private static double level(Device d, Random random) {
        return d.nominalW() * (1 + d.runSpread() * random.nextGaussian());
    }

    /**
     * Until one event in ten has another device's within 30 s, a random event gets a companion: another
     * device switching within 30 s of it, either one that is off starting a run (ending before its next) or
     * one that is on stopping early, never within a minute of that device's own events.
     */
    private static void addCompanions(List<List<Run>> runs, Random random) {
        while (shareWithAnotherWithin30s(switchTimes(runs)) < COMPANION_SHARE) {
            List<Switch> switches = switchTimes(runs);
            Instant t = switches.get(random.nextInt(switches.size())).time();
            int d = random.nextInt(DEVICES.size());
            Instant at = t.plusMillis((long) ((random.nextDouble() * 2 - 1) * COMPANION_REACH_MILLIS));
            List<Run> device = runs.get(d);
            int next = 0;
            while (next < device.size() && !device.get(next).on().isAfter(at)) {
                next++;
            }
            Run previous = next > 0 ? device.get(next - 1) : null;
            if (previous != null && previous.off().isAfter(at)) {
                if (at.isAfter(previous.on().plusSeconds(60)) && previous.off().isAfter(at.plusSeconds(60))) {
                    device.set(next - 1, new Run(previous.device(), previous.on(), at, previous.watts()));
                }
            } else {
                Instant limit = next < device.size() ? device.get(next).on().minusSeconds(60) : END.minusSeconds(600);
                Instant off = at.plusMillis(minutes(DEVICES.get(d), random));
                boolean clear = previous == null || at.isAfter(previous.off().plusSeconds(60));
                if (clear && off.isBefore(limit)) {
                    device.add(next, new Run(DEVICES.get(d), at, off, level(DEVICES.get(d), random)));
                }
            }
        }
    }

    /** When a device's power moved, and which device. */
    private record Switch(Instant time, String entityId) {
    }

    private static List<Switch> switchTimes(List<List<Run>> runs) {
        List<Switch> switches = new ArrayList<>();
        for (List<Run> device : runs) {
            for (Run r : device) {
                switches.add(new Switch(r.on(), r.device().entityId()));
                switches.add(new Switch(r.off(), r.device().entityId()));
            }
        }
        switches.sort(Comparator.comparing(Switch::time));
        return switches;
    }

    /** The share of switches (in time order) with another device's within 30 s. */
    private static double shareWithAnotherWithin30s(List<Switch> switches) {
        int with = 0;
        for (int i = 0; i < switches.size(); i++) {
            Switch s = switches.get(i);
            boolean found = false;
            for (int j = i - 1; j >= 0 && !found && within30s(switches.get(j), s); j--) {
                found = !switches.get(j).entityId().equals(s.entityId());
            }
            for (int j = i + 1; j < switches.size() && !found && within30s(s, switches.get(j)); j++) {
                found = !switches.get(j).entityId().equals(s.entityId());
            }
            with += found ? 1 : 0;
        }
        return (double) with / switches.size();
    }

    private static boolean within30s(Switch earlier, Switch later) {
        return Duration.between(earlier.time(), later.time()).toMillis() <= COMPANION_REACH_MILLIS;
    }

    /** Home Assistant's record of each switch: 0–1 s after the power moved. */
    private static List<Event> events(List<Run> runs, Random random) {
        List<Event> events = new ArrayList<>();
        for (Run r : runs) {
            Device d = r.device();
            events.add(new Event(new StateChange(recorded(r.on(), random), d.entityId(), d.domain(), d.onState(), "off"), r.watts()));
            events.add(new Event(new StateChange(recorded(r.off(), random), d.entityId(), d.domain(), "off", d.onState()), -r.watts()));
        }
        events.sort(Comparator.comparing((Event e) -> e.change().time()));
        return List.copyOf(events);
    }

    private static Instant recorded(Instant moved, Random random) {
        return moved.plusMillis(random.nextInt(1000));
    }

    /** The meter: every 8 s of true time from 10 minutes before the week to 10 minutes after, stamped by its own clock. */
    private static MeterWindow meter(List<List<Run>> runs, Random random) {
        List<MeterWindow.Reading> readings = new ArrayList<>();
        int[] next = new int[runs.size()];
        double walk = 0;
        boolean fridgeOn = false;
        long fridgeSwitchMillis = START.toEpochMilli() - 600_000;
        long first = START.toEpochMilli() - 600_000;
        long last = END.toEpochMilli() + 600_000;
        for (long slot = first; slot <= last; slot += METER_PERIOD_MILLIS) {
            long t = slot + (long) ((random.nextDouble() * 2 - 1) * 300);
            Instant now = Instant.ofEpochMilli(t);
            while (fridgeSwitchMillis <= t) {
                fridgeOn = !fridgeOn;
                fridgeSwitchMillis += (fridgeOn ? 12 + random.nextInt(9) : 25 + random.nextInt(21)) * 60_000L;
            }
            walk += -0.02 * walk + 1.5 * random.nextGaussian();
            double hours = (t - START.toEpochMilli()) / 3_600_000.0;
            double watts = 150 + 30 * Math.sin(2 * Math.PI * hours / 24) + walk;
            if (fridgeOn) {
                watts += FRIDGE_W * (1 + 0.03 * random.nextGaussian());
            }
            for (int d = 0; d < runs.size(); d++) {
                List<Run> device = runs.get(d);
                while (next[d] < device.size() && !device.get(next[d]).off().isAfter(now)) {
                    next[d]++;
                }
                if (next[d] < device.size() && !device.get(next[d]).on().isAfter(now)) {
                    Run r = device.get(next[d]);
                    watts += r.watts() * (1 + r.device().readingNoise() * random.nextGaussian());
                }
            }
            watts += METER_NOISE_W * random.nextGaussian();
            double skewSeconds = MAX_SKEW_SECONDS * Math.sin(2 * Math.PI * hours / SKEW_PERIOD_HOURS + 1);
            readings.add(new MeterWindow.Reading(now.plusMillis(Math.round(skewSeconds * 1000)), Math.round(watts)));
        }
        return new MeterWindow(readings);
    }

    /** Each device's true energy per UTC day: its runs' levels × their time on, cut at midnight. */
    private static Map<String, Map<LocalDate, Double>> energy(List<Run> runs) {
        Map<String, Map<LocalDate, Double>> energy = new HashMap<>();
        for (Run r : runs) {
            Instant from = r.on();
            while (from.isBefore(r.off())) {
                LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
                Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant to = r.off().isBefore(midnight) ? r.off() : midnight;
                double wh = r.watts() * Duration.between(from, to).toMillis() / 3_600_000.0;
                energy.computeIfAbsent(r.device().entityId(), k -> new HashMap<>()).merge(day, wh, Double::sum);
                from = to;
            }
        }
        return energy;
    }
}
