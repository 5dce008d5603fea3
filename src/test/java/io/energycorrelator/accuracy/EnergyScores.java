package io.energycorrelator.accuracy;

/**
 * The service's daily energy per device against the appliance's own integral ({@link TrueEnergy}), over the
 * devices that drew at least {@value #MIN_WH} Wh in the day (tallies add up across houses). A device the
 * service wrote no energy for counts as 0 Wh: the user sees nothing for it.
 */
public final class EnergyScores {

    static final double MIN_WH = 50;

    int devices;
    int valued;
    int within25;
    int within10;
    double absoluteErrorWh;
    double trueWh;

    /** One device's day: its true energy and what the service wrote (NaN: nothing). */
    public void add(double trueEnergyWh, double writtenWh) {
        if (trueEnergyWh < MIN_WH) {
            return;
        }
        devices++;
        valued += Double.isFinite(writtenWh) ? 1 : 0;
        double estimate = Double.isFinite(writtenWh) ? writtenWh : 0;
        double error = Math.abs(estimate - trueEnergyWh);
        within25 += error <= 0.25 * trueEnergyWh ? 1 : 0;
        within10 += error <= 0.10 * trueEnergyWh ? 1 : 0;
        absoluteErrorWh += error;
        trueWh += trueEnergyWh;
    }

    public EnergyScores plus(EnergyScores other) {
        EnergyScores sum = new EnergyScores();
        sum.devices = devices + other.devices;
        sum.valued = valued + other.valued;
        sum.within25 = within25 + other.within25;
        sum.within10 = within10 + other.within10;
        sum.absoluteErrorWh = absoluteErrorWh + other.absoluteErrorWh;
        sum.trueWh = trueWh + other.trueWh;
        return sum;
    }

    public int devices() {
        return devices;
    }

    /** Devices the service wrote an energy for. */
    public int valued() {
        return valued;
    }

    public int within25() {
        return within25;
    }

    public int within10() {
        return within10;
    }

    /** Σ |written − true| / Σ true: the error a whole-house energy breakdown would carry. */
    public double weightedError() {
        return trueWh == 0 ? Double.NaN : absoluteErrorWh / trueWh;
    }
}
