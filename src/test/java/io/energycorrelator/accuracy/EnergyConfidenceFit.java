package io.energycorrelator.accuracy;

import io.energycorrelator.devices.profile.DeviceEnergyDay;
import io.energycorrelator.devices.profile.DeviceProfile;
import io.energycorrelator.devices.profile.EnergyConfidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fits the daily energy's confidence and range ({@link EnergyConfidence}) on the ten REFIT houses, in-process
 * ({@link ServiceDeviceDays}: what a whole-day backfill writes): every appliance day the service values that drew at
 * least 50 Wh, labelled within 25 % of its plug or not; a logistic regression of that on the evidence (agreement of
 * the typical switch-on and switch-off steps, both sides on at least 3 steps). Prints the coefficients, the
 * calibration in-sample and with each house left out of the fit in turn; the range factors (10th and 90th
 * percentiles of true ÷ estimated energy below confidence 0.4 and from it) with the coverage of the 80 % range,
 * in-sample and each house left out; and the same for a configured power (each appliance at its plug's median on
 * and off power). An analysis aid, run by hand:
 *
 *   java -cp ... io.energycorrelator.accuracy.EnergyConfidenceFit
 */
public final class EnergyConfidenceFit {

    /** Where the range changes factors: the same band as the service's. */
    static final double RANGE_BAND = 0.4;

    /** One valued device-day: evidence, within 25 %, true ÷ estimated energy. */
    record Sample(int house, double[] evidence, boolean right, double ratio) {
    }

    public static void main(String[] args) throws Exception {
        List<ServiceDeviceDays.DeviceDay> days = ServiceDeviceDays.all();
        List<Sample> samples = new ArrayList<>();
        List<Sample> configured = new ArrayList<>();
        for (ServiceDeviceDays.DeviceDay d : days) {
            if (d.trueWh() < EnergyScores.MIN_WH) {
                continue;
            }
            DeviceEnergyDay set = d.configured();
            configured.add(new Sample(d.house(), new double[] {1}, within25(set.energyWh(), d.trueWh()), d.trueWh() / set.energyWh()));
            if (d.written() != null) {
                samples.add(new Sample(d.house(), evidence(d), within25(d.written().energyWh(), d.trueWh()),
                        d.trueWh() / d.written().energyWh()));
            }
        }
        double[] b = fit(samples);
        System.out.println(samples.size() + " device-days valued by profiles; coefficients: " + Arrays.toString(round(b)));
        List<EnergyCalibration.DeviceDay> inSample = new ArrayList<>();
        List<EnergyCalibration.DeviceDay> leftOut = new ArrayList<>();
        for (int house = 1; house <= RefitHouse.HOUSES; house++) {
            int h = house;
            double[] bOthers = fit(samples.stream().filter(s -> s.house() != h).toList());
            double[][] factorsOthers = factors(samples.stream().filter(s -> s.house() != h).toList(), bOthers);
            for (Sample s : samples) {
                if (s.house() == h) {
                    leftOut.add(calibrationDay(s, probability(bOthers, s.evidence()), factorsOthers));
                }
            }
        }
        double[][] factors = factors(samples, b);
        samples.forEach(s -> inSample.add(calibrationDay(s, probability(b, s.evidence()), factors)));
        System.out.printf("range factors (true / estimated, 10th and 90th percentiles): below %.1f %.2f..%.2f, from it %.2f..%.2f%n",
                RANGE_BAND, factors[0][0], factors[0][1], factors[1][0], factors[1][1]);
        print("in-sample", inSample);
        print("each house left out of the fit", leftOut);
        double[] ratios = configured.stream().mapToDouble(Sample::ratio).sorted().toArray();
        long right = configured.stream().filter(Sample::right).count();
        System.out.printf("configured at the plug's median power: %d of %d within 25 %% (%.3f); true / estimated 10th %.2f, 90th %.2f%n",
                right, configured.size(), (double) right / configured.size(), EnergyCalibration.quantile(ratios, 0.1),
                EnergyCalibration.quantile(ratios, 0.9));
    }

    /** [1, agreement, both sides on at least 3 steps], from the switch's profiles as the service learned them. */
    static double[] evidence(ServiceDeviceDays.DeviceDay d) {
        DeviceProfile on = d.profiles().find(d.entityId(), "off->on").orElse(null);
        DeviceProfile off = d.profiles().find(d.entityId(), "on->off").orElse(null);
        double agreement = EnergyConfidence.agreement(on == null ? Double.NaN : on.typicalStepW(),
                off == null ? Double.NaN : off.typicalStepW());
        boolean both = on != null && off != null && on.count() >= EnergyConfidence.MIN_STEPS_A_SIDE
                && off.count() >= EnergyConfidence.MIN_STEPS_A_SIDE;
        return new double[] {1, agreement, both ? 1 : 0};
    }

    private static boolean within25(double estimateWh, double trueWh) {
        return Math.abs(estimateWh - trueWh) <= 0.25 * trueWh;
    }

    private static double[] fit(List<Sample> samples) {
        return ConfidenceFit.fit(samples.stream().map(s -> new ConfidenceFit.Sample(s.house(), s.evidence(), s.right(), 0, 0)).toList());
    }

    private static double probability(double[] b, double[] evidence) {
        return ConfidenceFit.probability(b, evidence);
    }

    /** {low, high} factors below the range band and from it: 10th and 90th percentiles of true ÷ estimated. */
    static double[][] factors(List<Sample> samples, double[] b) {
        double[][] f = new double[2][];
        for (int band = 0; band < 2; band++) {
            Predicate<Sample> in = band == 0 ? s -> probability(b, s.evidence()) < RANGE_BAND
                    : s -> probability(b, s.evidence()) >= RANGE_BAND;
            double[] ratios = samples.stream().filter(in).mapToDouble(Sample::ratio).sorted().toArray();
            f[band] = new double[] {EnergyCalibration.quantile(ratios, 0.1), EnergyCalibration.quantile(ratios, 0.9)};
        }
        return f;
    }

    /** The sample as the calibration sees it, for an estimate of 1 Wh (the truth its ratio). */
    private static EnergyCalibration.DeviceDay calibrationDay(Sample s, double p, double[][] factors) {
        double[] f = factors[p < RANGE_BAND ? 0 : 1];
        // Scaled so that the device-day counts (≥ 50 Wh): only ratios matter.
        double scale = 1000;
        return new EnergyCalibration.DeviceDay(p, scale, f[0] * scale, f[1] * scale, s.ratio() * scale);
    }

    private static void print(String title, List<EnergyCalibration.DeviceDay> days) {
        int[] coverage = EnergyCalibration.coverage(days);
        System.out.println(title + ":");
        System.out.print(EnergyCalibration.markdown(EnergyCalibration.table(days)));
        System.out.printf("range covers the truth: %d of %d (%.1f %%)%n", coverage[0], coverage[1], 100.0 * coverage[0] / coverage[1]);
    }

    private static double[] round(double[] b) {
        return Arrays.stream(b).map(x -> Math.round(x * 1000) / 1000.0).toArray();
    }
}
