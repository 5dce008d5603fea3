package io.energycorrelator.accuracy;

import io.energycorrelator.accuracy.RefitReport.HouseResult;
import io.energycorrelator.accuracy.RefitReport.Mode;
import io.energycorrelator.accuracy.RefitReport.Run;
import io.energycorrelator.accuracy.StepScores.Size;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The REFIT section of docs/accuracy.md: the pooled tables first, then house by house. */
final class RefitMarkdown {

    private RefitMarkdown() {
    }

    static String of(List<HouseDay> houses, Map<Run, List<HouseResult>> results, HomeAssistantRows.MeterRows meterRows,
            double seconds) {
        int changes = houses.stream().mapToInt(h -> h.events().size()).sum();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, """
                ## Ten real houses (REFIT), through the service

                **Data.** REFIT houses 1–10 on 2015-01-08 (UTC), one day each: the whole-house power and nine
                appliances measured at their own plug or circuit, a sample every 6–8 s (CC BY 4.0, Murray,
                Stankovic and Stankovic 2017; copy, citation and conversion in `src/test/resources/refit-day/`).
                Each appliance channel is a switch `switch.app1` … `switch.app9`, switched by hysteresis (on at
                20 W, off below 10 W): %d state changes in all, from a few watts to 3 kW. The true step of a state
                change is the median of its channel's 3 samples from the crossing on minus that of the 3 before;
                a device's true energy is its channel's integral (a gap over 60 s counted as 60 s). This is hard
                data: fridges and freezers cycle, washing machines and dishwashers change power inside a
                program, several devices switch within seconds of each other, and the monitors' clocks are up to
                about 20 s apart.

                **How it is run: as a user would.** For each house and each run, a bucket of its own on a real
                InfluxDB (`scripts/influxdb.sh`) gets the house as Home Assistant's InfluxDB integration writes
                it, read by the service's `home-assistant` schema: each switch's state as measurement
                `switch.appN` (tags `domain`, `entity_id`; fields `state`, `value`, `friendly_name_str`), and
                each switch's state before the day a minute before midnight; the meter as `sensor.house_power`
                in measurement `W`, %s. The packaged service (`target/energy-correlator.jar`, with the
                Dockerfile's JVM settings) is started on the bucket with its defaults but
                `CORRELATOR_SCHEMA=home-assistant`, `METER_ENTITY_ID=sensor.house_power` and
                `CORRELATOR_ESTIMATOR`, and backfills the day through `POST /backfill` (awaited on
                `GET /backfill`), in one of two ways: the *whole day* in one request; or the first half, then
                the *second half* in a second request, scoring the second half only: its readings could use the
                profiles learned from the first, as the live service's do. Then its `event_energy_correlation`
                and `device_energy_daily` points are read back and scored. The %d runs (10 houses × 2
                estimators × 2 ways) took %.0f s here.

                **Columns.** A *step event* is a state change whose true step is at least the service's
                threshold (`MIN_POWER_DELTA`, 10 W): the steps a correlation could be written for. *Right*: the
                `power_delta_w` written is within 25 %% of the true step, or within 10 W of it; a step event
                with no correlation is wrong. *Right sign*, *answered* (a correlation written) and *chosen by a
                profile* (`estimate_source` = `profile`) count over the step events. The *meter-only ceiling*
                is the best any reader of the meter alone could do: of the splits of the aggregate within ±3
                samples of the crossing, each read with medians of 3 samples a side, the one closest to the
                true step, picked knowing it.

                """, changes, meterRows == HomeAssistantRows.MeterRows.ON_CHANGE
                ? """
                one row each time its value changes, as Home Assistant records a sensor (so where the house's
                power holds one value, the service has fewer readings, or none within `MAX_READING_GAP_SECONDS`
                of a state change; `REFIT_METER_ROWS=every-sample` measures the same houses with every sample
                written)"""
                : """
                one row per sample (`REFIT_METER_ROWS=every-sample`; Home Assistant itself records a sensor
                only when its value changes, which leaves the service fewer readings where the power holds one
                value)""",
                results.size() * houses.size(), seconds));
        stepTable(md, results);
        detectionTable(md, results);
        energyTable(md, results);
        calibrationTable(md, results);
        energyCalibrationTable(md, results);
        for (Map.Entry<Run, List<HouseResult>> e : results.entrySet()) {
            houseTable(md, e.getKey(), e.getValue());
        }
        return md.toString();
    }

    static StepScores pooledSteps(List<HouseResult> houses) {
        return houses.stream().map(HouseResult::steps).reduce(StepScores::plus).orElseThrow();
    }

    static Map<String, Long> pooledSkipped(List<HouseResult> houses) {
        Map<String, Long> skipped = new TreeMap<>();
        houses.forEach(h -> h.skipped().forEach((reason, count) -> skipped.merge(reason, count, Long::sum)));
        return skipped;
    }

    static EnergyScores pooledEnergy(List<HouseResult> houses) {
        return houses.stream().map(HouseResult::energy).reduce(EnergyScores::plus).orElseThrow();
    }

    private static void stepTable(StringBuilder md, Map<Run, List<HouseResult>> results) {
        md.append("### Steps, the ten houses pooled\n\n")
                .append("| estimator | run | < 100 W | 100–500 W | ≥ 500 W | all | right sign | answered | chosen by a profile |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Mode mode : Mode.values()) {
            StepScores ceiling = null;
            for (Map.Entry<Run, List<HouseResult>> e : results.entrySet()) {
                if (e.getKey().mode() != mode) {
                    continue;
                }
                StepScores s = pooledSteps(e.getValue());
                if (ceiling == null) {
                    ceiling = s;
                    md.append("| meter-only ceiling | ").append(mode.label);
                    for (Size size : Size.values()) {
                        md.append(" | ").append(share(s.ceilingRight(size), s.events(size)));
                    }
                    md.append(" | – | – | – |\n");
                }
                md.append("| `").append(e.getKey().estimator()).append("` | ").append(mode.label);
                for (Size size : Size.values()) {
                    md.append(" | ").append(share(s.right(size), s.events(size)));
                }
                int all = s.events(Size.ALL);
                md.append(" | ").append(share(s.rightSign(), all)).append(" | ").append(share(s.answered(), all))
                        .append(" | ").append(share(s.fromProfile(), all)).append(" |\n");
            }
        }
        md.append("\nOf the meter-only ceiling, each run reaches (right ÷ ceiling's right):\n\n");
        for (Map.Entry<Run, List<HouseResult>> e : results.entrySet()) {
            StepScores s = pooledSteps(e.getValue());
            md.append(String.format(Locale.ROOT, "- `%s`, %s: ≥ 500 W %s, all %s%n", e.getKey().estimator(),
                    e.getKey().mode().label, percent(s.right(Size.FROM_500_W), s.ceilingRight(Size.FROM_500_W)),
                    percent(s.right(Size.ALL), s.ceilingRight(Size.ALL))));
        }
        md.append('\n');
    }

    private static void detectionTable(StringBuilder md, Map<Run, List<HouseResult>> results) {
        md.append("""
                ### Event detection, as NILM papers report it

                Over every state change scored: was a step of at least the threshold there (the true step),
                and did the service write a correlation? *Precision*: of the correlations written, the share
                whose true step reached the threshold; *recall*: of the state changes whose true step did, the
                share with a correlation (the same as *answered* above); F1 their harmonic mean. *Skipped*: what
                the service's backfills of the day said they skipped, by reason (`GET /backfill`; both halves).

                | estimator | run | state changes | true step ≥ 10 W | written | precision | recall | F1 | skipped |
                |---|---|---:|---:|---:|---:|---:|---:|---|
                """);
        for (Map.Entry<Run, List<HouseResult>> e : results.entrySet()) {
            StepScores s = pooledSteps(e.getValue());
            Map<String, Long> skipped = pooledSkipped(e.getValue());
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %d | %d | %d | %s | %s | %s | %s |%n", e.getKey().estimator(),
                    e.getKey().mode().label, s.changes(), s.events(Size.ALL), s.written(), fraction(s.precision()),
                    fraction(s.recall()), fraction(s.f1()), skipped.isEmpty() ? "none" : skipped.entrySet().stream()
                            .map(r -> r.getValue() + " " + r.getKey()).collect(Collectors.joining(", "))));
        }
        md.append('\n');
    }

    private static void energyTable(StringBuilder md, Map<Run, List<HouseResult>> results) {
        md.append("""
                ### Daily energy per device

                Each device's `energy_wh` for the day in `device_energy_daily`, against its channel's integral,
                over the devices that drew at least 50 Wh that day. A device the service wrote no energy for
                counts as 0 Wh (*valued*: those it wrote one for; a device that never switched in the day has
                no profile to value it with). *Energy-weighted error*: Σ |written − true| ÷ Σ true. In the
                second way the day's energy is the one written after the second request, with the profiles of
                the whole day.

                | estimator | run | devices ≥ 50 Wh | valued | within 25 % | within 10 % | energy-weighted error |
                |---|---|---:|---:|---:|---:|---:|
                """);
        for (Map.Entry<Run, List<HouseResult>> e : results.entrySet()) {
            EnergyScores s = pooledEnergy(e.getValue());
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %d | %d | %s | %s | %s |%n", e.getKey().estimator(),
                    e.getKey().mode().label, s.devices(), s.valued(), share(s.within25(), s.devices()),
                    share(s.within10(), s.devices()), fraction(s.weightedError())));
        }
        md.append('\n');
    }

    private static void calibrationTable(StringBuilder md, Map<Run, List<HouseResult>> results) {
        md.append("""
                ### Calibration: does the confidence mean what it says?

                Every correlation written, by the band of its `confidence`: how many, their mean confidence,
                and the share whose step is right (within 25 % or 10 W). A calibrated confidence has the share
                right close to the mean confidence in every band.

                | confidence |""");
        for (Run run : results.keySet()) {
            md.append(" `").append(run.estimator()).append("`, ").append(run.mode().label).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(results.size())).append('\n');
        for (int band = 0; band < StepScores.BANDS; band++) {
            md.append(String.format(Locale.ROOT, "| %.1f–%.1f |", band / (double) StepScores.BANDS,
                    (band + 1) / (double) StepScores.BANDS));
            for (List<HouseResult> houses : results.values()) {
                StepScores s = pooledSteps(houses);
                int written = s.bandWritten(band);
                md.append(written == 0 ? " – |" : String.format(Locale.ROOT, " %s, mean %.2f |",
                        share(s.bandRight(band), written), s.bandMeanConfidence(band)));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void energyCalibrationTable(StringBuilder md, Map<Run, List<HouseResult>> results) {
        md.append("""
                ### Calibration of daily energy: its confidence and its range

                Every appliance day the service valued, of those that drew at least 50 Wh, by the band of its
                `device_energy_daily` `confidence`: how many, their mean confidence, and the share whose
                `energy_wh` is within 25 % of the plug's. *Range covers*: the true energy lay within
                [`energy_wh_low`, `energy_wh_high`], meant to hold four times in five.

                | confidence |""");
        for (Run run : results.keySet()) {
            md.append(" `").append(run.estimator()).append("`, ").append(run.mode().label).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(results.size())).append('\n');
        Map<Run, List<EnergyCalibration.Band>> tables = new java.util.LinkedHashMap<>();
        results.forEach((run, houses) -> tables.put(run, EnergyCalibration.table(pooledEnergyDays(houses))));
        for (int band = 0; band + 1 < EnergyCalibration.BANDS.length; band++) {
            md.append(String.format(Locale.ROOT, "| %.1f–%.1f |", EnergyCalibration.BANDS[band], EnergyCalibration.BANDS[band + 1]));
            for (List<EnergyCalibration.Band> table : tables.values()) {
                EnergyCalibration.Band b = table.get(band);
                md.append(b.n() == 0 ? " – |" : String.format(Locale.ROOT, " %s, mean %.2f |", share(b.within25(), b.n()),
                        b.meanConfidence()));
            }
            md.append('\n');
        }
        md.append("| range covers |");
        for (List<HouseResult> houses : results.values()) {
            int[] coverage = EnergyCalibration.coverage(pooledEnergyDays(houses));
            md.append(' ').append(share(coverage[0], coverage[1])).append(" |");
        }
        md.append("\n\n");
    }

    private static List<EnergyCalibration.DeviceDay> pooledEnergyDays(List<HouseResult> houses) {
        return houses.stream().flatMap(h -> h.energyDays().stream()).toList();
    }

    private static void houseTable(StringBuilder md, Run run, List<HouseResult> houses) {
        md.append("### House by house: `").append(run.estimator()).append("`, ").append(run.mode().label).append("\n\n")
                .append("| house | < 100 W | 100–500 W | ≥ 500 W | all | ceiling ≥ 500 W | ceiling all | right sign | answered"
                        + " | precision | recall | F1 | energy within 25 % | within 10 % | energy-weighted error |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HouseResult h : houses) {
            houseRow(md, h.house(), h.steps(), h.energy());
        }
        houseRow(md, "**pooled**", pooledSteps(houses), pooledEnergy(houses));
        md.append('\n');
    }

    private static void houseRow(StringBuilder md, String name, StepScores s, EnergyScores energy) {
        md.append("| ").append(name);
        for (Size size : Size.values()) {
            md.append(" | ").append(share(s.right(size), s.events(size)));
        }
        int all = s.events(Size.ALL);
        md.append(" | ").append(share(s.ceilingRight(Size.FROM_500_W), s.events(Size.FROM_500_W)))
                .append(" | ").append(share(s.ceilingRight(Size.ALL), all))
                .append(" | ").append(share(s.rightSign(), all)).append(" | ").append(share(s.answered(), all))
                .append(" | ").append(fraction(s.precision())).append(" | ").append(fraction(s.recall()))
                .append(" | ").append(fraction(s.f1()))
                .append(" | ").append(share(energy.within25(), energy.devices()))
                .append(" | ").append(share(energy.within10(), energy.devices()))
                .append(" | ").append(fraction(energy.weightedError())).append(" |\n");
    }

    /** "n / d (p %)", or "–" for no events. */
    static String share(int part, int whole) {
        return whole == 0 ? "–" : String.format(Locale.ROOT, "%d / %d (%.1f %%)", part, whole, 100.0 * part / whole);
    }

    static String percent(int part, int whole) {
        return whole == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    static String fraction(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f %%", 100 * value) : "–";
    }
}
