package io.energycorrelator.accuracy;

import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.estimate.AlignedEstimator;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Fits the confidence model of {@link Confidence} on the ten REFIT houses, in-process: every state change read by the
 * default rule (aligned, 10 s / 10 s) from the meter as Home Assistant records it, each correlation it would write
 * (|step| ≥ 10 W) labelled right or wrong against the appliance's plug; a logistic regression of right on the
 * evidence (noise factor, no overlap, one overlap, held side, step size below 100 / 100–300 / 300–1,000 W).
 * Prints the coefficients, the calibration of each half of the houses fitted on the other half, and the uncertainty
 * factors (80th percentile of |error| / |step| by confidence band). An analysis aid, run by hand:
 *
 *   java -cp ... io.energycorrelator.accuracy.ConfidenceFit
 */
public final class ConfidenceFit {

    record Sample(int house, double[] evidence, boolean right, double readW, double trueW) {
    }

    private static final double[] BANDS = {0, 0.2, 0.4, 0.6, 0.8, 1.0001};

    public static void main(String[] args) throws Exception {
        List<Sample> samples = samples();
        List<Sample> odd = samples.stream().filter(s -> s.house() % 2 == 1).toList();
        List<Sample> even = samples.stream().filter(s -> s.house() % 2 == 0).toList();
        double[] all = fit(samples);
        System.out.println(samples.size() + " correlations; coefficients: " + Arrays.toString(round(all)));
        System.out.println("calibration, fitted on all, all:           " + calibration(samples, all));
        System.out.println("calibration, fitted on odd, even houses:   " + calibration(even, fit(odd)));
        System.out.println("calibration, fitted on even, odd houses:   " + calibration(odd, fit(even)));
        for (int band = 0; band < 3; band++) {
            List<Double> relative = new ArrayList<>();
            for (Sample s : samples) {
                double p = probability(all, s.evidence());
                if (band == 0 ? p < 0.2 : band == 1 ? p >= 0.2 && p < 0.4 : p >= 0.4) {
                    relative.add(Math.abs(s.readW() - s.trueW()) / Math.abs(s.readW()));
                }
            }
            Collections.sort(relative);
            System.out.printf("uncertainty factor, band %d: %.2f (of %d)%n", band, relative.get((int) (relative.size() * 0.8)),
                    relative.size());
        }
    }

    static List<Sample> samples() throws Exception {
        AlignedEstimator rule = new AlignedEstimator(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(900));
        Duration reach = rule.reach();
        Confidence confidence = new Confidence(reach.plusSeconds(30));
        List<Sample> samples = new ArrayList<>();
        for (int n = 1; n <= RefitHouse.HOUSES; n++) {
            RefitHouse house = RefitHouse.load(n);
            List<MeterWindow.Reading> readings = new ArrayList<>();
            double[] aggregate = house.aggregate();
            for (int i = 0; i < house.size(); i++) {
                if (i == 0 || aggregate[i] != aggregate[i - 1]) {
                    readings.add(new MeterWindow.Reading(house.time(i), aggregate[i]));
                }
            }
            MeterWindow window = new MeterWindow(readings);
            List<TrueEvent> events = Crossings.of(house);
            for (TrueEvent e : events) {
                if (!e.scored()) {
                    continue;
                }
                PowerStep step = rule.estimate(window, new StateChange(e.time(), e.entityId(), "switch", e.state(), e.previousState()));
                double read = step == null ? Double.NaN : step.afterW() - step.beforeW();
                if (!(Math.abs(read) >= StepScores.ABSOLUTE_TOLERANCE_W)) {
                    continue;
                }
                int overlaps = (int) events.stream().filter(o -> o != e
                        && Math.abs(Duration.between(o.time(), e.time()).toSeconds()) <= reach.toSeconds()).count();
                double noiseFactor = noiseFactor(confidence, window, e, read);
                samples.add(new Sample(n, evidence(noiseFactor, overlaps, step.held(), Math.abs(read)),
                        StepScores.isRight(read, e.trueStepW()), read, e.trueStepW()));
            }
        }
        return samples;
    }

    private static double noiseFactor(Confidence confidence, MeterWindow window, TrueEvent e, double read) {
        double sigma = confidence.noiseBefore(window, e.time());
        return sigma == 0 ? 1.0 : Math.abs(read) / (Math.abs(read) + 2 * sigma);
    }

    static double[] evidence(double noiseFactor, int overlaps, boolean held, double absoluteW) {
        return new double[] {1, noiseFactor, overlaps == 0 ? 1 : 0, overlaps == 1 ? 1 : 0, held ? 1 : 0,
                absoluteW < 100 ? 1 : 0, absoluteW >= 100 && absoluteW < 300 ? 1 : 0, absoluteW >= 300 && absoluteW < 1000 ? 1 : 0};
    }

    static double probability(double[] b, double[] x) {
        double z = 0;
        for (int i = 0; i < b.length; i++) {
            z += b[i] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** Logistic regression by gradient ascent, a little ridge on all but the intercept. */
    static double[] fit(List<Sample> samples) {
        int k = samples.get(0).evidence().length;
        double[] b = new double[k];
        for (int iteration = 0; iteration < 4000; iteration++) {
            double[] gradient = new double[k];
            for (Sample s : samples) {
                double error = (s.right() ? 1 : 0) - probability(b, s.evidence());
                for (int i = 0; i < k; i++) {
                    gradient[i] += error * s.evidence()[i];
                }
            }
            for (int i = 0; i < k; i++) {
                b[i] += 0.5 * gradient[i] / samples.size() - (i == 0 ? 0 : 0.0005 * b[i]);
            }
        }
        return b;
    }

    static String calibration(List<Sample> samples, double[] b) {
        StringBuilder line = new StringBuilder();
        for (int band = 0; band < BANDS.length - 1; band++) {
            int n = 0;
            int right = 0;
            double sum = 0;
            for (Sample s : samples) {
                double p = probability(b, s.evidence());
                if (p >= BANDS[band] && p < BANDS[band + 1]) {
                    n++;
                    sum += p;
                    right += s.right() ? 1 : 0;
                }
            }
            line.append(n == 0 ? String.format("%.1f–: none | ", BANDS[band])
                    : String.format("%.1f–: %d, mean %.2f, right %.2f | ", BANDS[band], n, sum / n, (double) right / n));
        }
        return line.toString();
    }

    private static double[] round(double[] b) {
        return Arrays.stream(b).map(x -> Math.round(x * 1000) / 1000.0).toArray();
    }
}
