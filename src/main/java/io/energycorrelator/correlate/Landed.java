package io.energycorrelator.correlate;

/**
 * What of a range's writes landed in InfluxDB: the correlations written ({@link CorrelationPoints}, which makes it
 * afresh when it cuts the range's batches) and the points InfluxDB refused, skipped as {@code invalid_value}
 * ({@link RefusedPoints}). Written by those two beans only.
 */
public final class Landed {

    private int correlationsWritten;
    private final Skips skips = new Skips();

    void written(int count) {
        correlationsWritten += count;
    }

    void refused(String reason, Object record) {
        skips.skip(reason, record);
    }

    public int correlationsWritten() {
        return correlationsWritten;
    }

    public Skips skips() {
        return skips;
    }
}
