package io.energycorrelator.accuracy;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a daily energy's confidence and range mean what they say, over device-days with the plug's truth: by band of
 * confidence, how many device-days, their mean confidence and how many were within 25 % of the truth (a calibrated
 * confidence has the share close to the mean in every band); and how many had the truth within their range. Only
 * device-days that drew at least {@value EnergyScores#MIN_WH} Wh count, as in the harness's energy figures: below
 * that, 25 % is a few watt-hours of standby.
 */
final class EnergyCalibration {

    /** The bands of confidence the tables use: [0, 0.2), [0.2, 0.4) … [0.8, 1]. */
    static final double[] BANDS = {0, 0.2, 0.4, 0.6, 0.8, 1.0};

    /** One device-day: what was written (energy, its confidence and range) and what the plug says. */
    record DeviceDay(double confidence, double energyWh, double lowWh, double highWh, double trueWh) {

        boolean counted() {
            return trueWh >= EnergyScores.MIN_WH;
        }

        boolean within25() {
            return Math.abs(energyWh - trueWh) <= 0.25 * trueWh;
        }

        boolean covered() {
            return trueWh >= lowWh && trueWh <= highWh;
        }
    }

    /** One band: [from, to) (the last includes 1), its device-days, their summed confidence and those within 25 %. */
    record Band(double from, double to, int n, double confidenceSum, int within25) {

        double meanConfidence() {
            return n == 0 ? Double.NaN : confidenceSum / n;
        }

        double share() {
            return n == 0 ? Double.NaN : (double) within25 / n;
        }
    }

    private EnergyCalibration() {
    }

    static List<Band> table(List<DeviceDay> days) {
        List<Band> bands = new ArrayList<>();
        for (int b = 0; b + 1 < BANDS.length; b++) {
            double from = BANDS[b];
            double to = BANDS[b + 1];
            boolean last = b + 2 == BANDS.length;
            int n = 0;
            int within = 0;
            double sum = 0;
            for (DeviceDay d : days) {
                if (d.counted() && d.confidence() >= from && (d.confidence() < to || last && d.confidence() <= to)) {
                    n++;
                    sum += d.confidence();
                    within += d.within25() ? 1 : 0;
                }
            }
            bands.add(new Band(from, to, n, sum, within));
        }
        return bands;
    }

    /** How many counted device-days had the truth within their range, of how many: {covered, counted}. */
    static int[] coverage(List<DeviceDay> days) {
        int covered = 0;
        int counted = 0;
        for (DeviceDay d : days) {
            if (d.counted()) {
                counted++;
                covered += d.covered() ? 1 : 0;
            }
        }
        return new int[] {covered, counted};
    }

    /** The p-quantile (0..1) of sorted values, linearly interpolated between ranks. */
    static double quantile(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /** The table as markdown rows: | band | device-days | mean confidence | within 25 % |. */
    static String markdown(List<Band> bands) {
        StringBuilder rows = new StringBuilder("| confidence | device-days | mean confidence | within 25 % |\n|---|---:|---:|---:|\n");
        for (Band b : bands) {
            rows.append(b.n() == 0 ? String.format("| %.1f–%.1f | 0 | – | – |%n", b.from(), b.to())
                    : String.format("| %.1f–%.1f | %d | %.2f | %d (%.1f %%) |%n", b.from(), b.to(), b.n(), b.meanConfidence(),
                            b.within25(), 100 * b.share()));
        }
        return rows.toString();
    }
}
