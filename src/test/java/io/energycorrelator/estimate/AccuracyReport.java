package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code docs/accuracy.md} (or the path given as the first argument), after the section in the file given
 * as the second (the REFIT houses, if any): the four default rules on the
 * simulated house ({@link ByStepSizeReport}), then how close each step estimator and setting comes to the
 * kitchen lights' own steps in UK-DALE house 1 (see {@link UkDaleHouse}) and the four rules there.
 * {@code main} prints the settings table too; {@code scripts/accuracy.sh} runs it.
 */
public final class AccuracyReport {

    /** One estimator with one choice of settings, as the table names them. */
    record Setting(String estimator, String settings, StepEstimator rule) {
    }

    /** How one setting did: events with a step, of those with the right sign, and ratio quartiles. */
    record Score(int events, int found, int rightSign, double medianRatio, double ratioP25, double ratioP75) {
    }

    /** The default recommended in docs/accuracy.md and held to its figures by UkDaleAccuracyTest. */
    static final Setting RECOMMENDED = aligned(10, 10);

    private AccuracyReport() {
    }

    static List<Setting> settings() {
        List<Setting> settings = new ArrayList<>();
        for (int window : new int[] {10, 20, 30}) {
            settings.add(nearest(window));
        }
        for (int window : new int[] {10, 20, 30}) {
            for (int settle : new int[] {0, 3, 5}) {
                settings.add(median(window, settle));
            }
        }
        for (int tolerance : new int[] {5, 10, 20}) {
            for (int window : new int[] {6, 10, 15}) {
                settings.add(aligned(tolerance, window));
            }
        }
        settings.add(withoutDirection(RECOMMENDED));
        return settings;
    }

    static Setting nearest(int windowSeconds) {
        return new Setting("nearest", "window " + windowSeconds + " s, max gap 30 s",
                new NearestReadingEstimator(Duration.ofSeconds(windowSeconds).dividedBy(2), Duration.ofSeconds(30)));
    }

    static Setting median(int windowSeconds, int settleSeconds) {
        return new Setting("median", "window " + windowSeconds + " s, settle " + settleSeconds + " s",
                new MedianEstimator(Duration.ofSeconds(windowSeconds), Duration.ofSeconds(settleSeconds)));
    }

    static Setting aligned(int toleranceSeconds, int windowSeconds) {
        return new Setting("aligned", "tolerance " + toleranceSeconds + " s, window " + windowSeconds + " s",
                new AlignedEstimator(Duration.ofSeconds(toleranceSeconds), Duration.ofSeconds(windowSeconds)));
    }

    /** The same rule fed transitions that imply no direction (unknown → on, unknown → off). */
    static Setting withoutDirection(Setting setting) {
        StepEstimator rule = new StepEstimator() {
            @Override
            public PowerStep estimate(MeterWindow window, StateChange c) {
                return setting.rule().estimate(window, new StateChange(c.time(), c.entityId(), c.domain(), c.state(), "unknown"));
            }

            @Override
            public Duration reach() {
                return setting.rule().reach();
            }
        };
        return new Setting(setting.estimator(), setting.settings() + ", direction not given", rule);
    }

    static Score score(UkDaleHouse house, StepEstimator estimator) {
        MeterWindow meter = house.meter();
        List<Double> ratios = new ArrayList<>();
        int rightSign = 0;
        for (UkDaleHouse.Event event : house.events()) {
            PowerStep step = estimator.estimate(meter, event.change());
            if (step == null) {
                continue;
            }
            double delta = step.afterW() - step.beforeW();
            if (Math.signum(delta) == Math.signum(event.trueStepW())) {
                rightSign++;
            }
            ratios.add(delta / event.trueStepW());
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Score(house.events().size(), sorted.length, rightSign,
                quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75));
    }

    /** Linear interpolation between the closest ranks; NaN for no values. */
    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = q * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    static String table(UkDaleHouse house) {
        StringBuilder table = new StringBuilder()
                .append("| estimator | settings | events found | right sign | median ratio | ratio p25–p75 |\n")
                .append("|---|---|---:|---:|---:|---:|\n");
        for (Setting setting : settings()) {
            Score s = score(house, setting.rule());
            table.append(String.format(Locale.ROOT, "| `%s` | %s | %d / %d | %d / %d | %.2f | %.2f–%.2f |%n",
                    setting.estimator(), setting.settings(), s.found(), s.events(), s.rightSign(), s.events(),
                    s.medianRatio(), s.ratioP25(), s.ratioP75()));
        }
        return table.toString();
    }

    /**
     * Arguments: the Markdown file to write, and optionally one holding the section to lead with (the REFIT
     * houses measured through the service, from {@code io.energycorrelator.accuracy.RefitReport}).
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/accuracy.md");
        String lead = args.length > 1 ? Files.readString(Path.of(args[1]), StandardCharsets.UTF_8) : "";
        UkDaleHouse ukDale = UkDaleHouse.load();
        String table = table(ukDale);
        System.out.print(table);
        String simulated = ByStepSizeReport.simulatedHouse(SimulatedHouse.generate());
        System.out.print(simulated);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, INTRO + lead + simulated + PROFILE_FINDINGS + UKDALE_INTRO + table + RECOMMENDATION
                + ByStepSizeReport.ukDale(ukDale), StandardCharsets.UTF_8);
        System.out.println("written to " + out);
    }

    private static final String INTRO = """
            # Accuracy

            Generated by `scripts/accuracy.sh` (`RefitReport` in `src/test/java/io/energycorrelator/accuracy/`,
            `AccuracyReport` in `src/test/java/io/energycorrelator/estimate/`); do not edit by hand. Reproduce it
            on any machine with Java 17 from the repository root (the first run builds InfluxDB, see README):

                scripts/accuracy.sh

            Three sets of houses. First ten real ones (REFIT), measured through the packaged service as a user
            runs it, with the field's own measures and the best a reader of the meter alone could do: the
            figures to judge the service by. Then a simulated house, whose every step and every device's daily
            energy is known exactly: the easy case, comparing the four rules with the service's default
            settings. Last a real one (UK-DALE house 1, one sub-metered light), on which the settings of the
            three meter-only rules were chosen, and the four rules again.

            """;

    private static final String PROFILE_FINDINGS = """

            **What the profile changes, and what it cannot.** On this house `aligned` alone already meets
            both step targets, and `profile` adds a few points, nearly all on steps under 100 W. It helps
            where the right split is among the candidates but is not the largest move in reach: a 20–60 W
            light beside another appliance's step or beside the jitter of a running computer or oven, which
            `aligned` takes for the step because it is bigger. It loses a few where a noisy reading of the
            true split lies farther from the typical step than some other split's change. What neither can
            read: most steps under 100 W that are missed sit in reading-to-reading noise larger than half
            the step (a 3 kW load's 1–2 % is 30–60 W), with one or two readings a side at 8 s; and two large
            steps in the same 8 s meter interval (a kettle and a toaster switched 3 s apart) are one step
            to the meter, so no choice of split separates them. The simulation does not reproduce what makes
            `aligned` miss about a third of the steps of 500 W and more in real houses with plug-level truth,
            so these figures show the profile gaining a little overall where the meter is mostly clean, not
            how much it recovers there. The profile only ever chooses among the splits within the clock
            tolerance: a step outside it, or a meter that measures a step differently from a plug (UK-DALE
            below: 0.8), is beyond it.

            **Daily energy.** For devices of 100 W and more the median device-day is within a few per cent
            and nearly every device-day within 10 %; the few that miss come within a point or so of it. They
            belong to devices whose draw varies from run to run (the computer's by 8 %), where even the
            exact nominal power misses some days (last row), because a typical figure cannot follow one
            day's runs; and to first days, which rest on the fewest steps. Under 100 W the learned steps
            themselves are off: meter and appliance noise is as large as the step, and `aligned`, which
            reads a device until its profile is confident, takes the largest move in reach, so a 5–20 W
            device is learned too large. Their energy is not worth reporting as it stands.
            """;

    private static final String UKDALE_INTRO = """

            ## The rules and their settings on real data: UK-DALE house 1

            **Data.** UK-DALE house 1, 2013-04-12 19:15 to 2013-04-17 09:00 UTC (CC BY 4.0, Kelly and
            Knottenbelt 2015; copy and attribution in `src/test/resources/ukdale-house1/`). Channel 1, the
            whole-house power read about every 6 s, plays the smart meter. Channel 8, the kitchen lighting
            circuit's own monitor, yields the Home Assistant events. The two clocks are not synchronised, and the
            whole-house power also holds the steps of every other appliance.

            **Events.** Each channel 8 reading that is the first on the other side of 20 W is a state change of
            `light.kitchen` at that reading's time: `off → on` going up, `on → off` going down (46 of each, 92 in
            all). The true step of an event is the median of the channel 8 readings from that one on minus the
            median of those just before it, up to 3 a side and never into a neighbouring event (about 240–425 W
            either way).

            **Columns.** *Events found*: the estimator returned a step. *Right sign*: the sign of
            `power_after − power_before` equals the sign of the true step (a light switched on must raise the
            power). *Ratio*: `power_delta_w` divided by the true step, over the events found: 1.00 would be
            exact; *p25–p75* is its interquartile range, i.e. how far individual events stray. Every rule that
            reads the step cleanly lands near 0.8, not 1.0: the whole-house meter and the circuit monitor
            evidently measure a step differently, so 0.8 is the mark on this data.

            """;

    private static final String RECOMMENDATION = """

            **Recommended default: `aligned`, tolerance 10 s, window 10 s** (chosen by the figures above). With
            the direction the transition implies it gets the right sign for all 92 events, with a median ratio
            and an interquartile range among the best rows. It sits in the middle of a plateau: its neighbours
            (tolerance 5 or 20 s, window 6 s) score the same, so the choice is not tuned to one lucky setting;
            a 15 s window loses two events unless the tolerance is widened too. It works because it looks for
            the step instead of reading fixed instants: here the whole-house step mostly lies up to 6 s before
            the event's timestamp (the circuit monitor only sees the light on at its next reading, and the
            clocks differ), sometimes after it. Each side is the median of the readings within 10 s of the
            split: one or two at this meter's 6 s rate (more, and so spike-proof, with a faster meter), short
            enough to stay clear of neighbouring steps. Without a direction hint (last row: transitions from `unknown`) it still gets
            89 of 92; the three misses are the light being on for a single 6 s reading, where the switch-off
            a few seconds after the event is the larger step in reach. `nearest` with the service's original
            10 s window gets 84: its single reading at event − 5 s often already shows the step, and one
            reading a side has no defence against another appliance. The best `median` setting (window 20 s,
            settle 3 s) gets 89. `aligned` needs the meter's readings up to tolerance + window (20 s) either
            side of an event.
            """;
}
