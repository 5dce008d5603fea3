package io.energycorrelator.operations;

/** Percentages in the HTTP API are rounded to two decimals. */
final class Percent {

    private Percent() {
    }

    static double round(double percent) {
        return Math.round(percent * 100.0) / 100.0;
    }

    static double of(long part, long whole) {
        return whole == 0 ? 0.0 : round(part * 100.0 / whole);
    }
}
