package io.energycorrelator.accuracy;

/**
 * How the steps written compare with the appliances' own steps, over a house or several (tallies add up).
 * <ul>
 *   <li>A <em>step event</em> is a state change whose true step reaches the service's threshold: only those can
 *       be written. Of them: read right (within 25 % of the true step, or within 10 W of it; one with no
 *       correlation is wrong) by the size of the true step, right sign, answered (a correlation written); and
 *       the same "right" for the meter's ceiling ({@link MeterCeiling}).</li>
 *   <li>Detection, over every state change: "a step of at least the threshold was there" (the true step) against
 *       "a correlation was written". Recall is then the answered share of the step events.</li>
 *   <li>Calibration: every correlation written, by its confidence band, and how many of them were right.</li>
 * </ul>
 */
public final class StepScores {

    static final double RELATIVE_TOLERANCE = 0.25;
    static final double ABSOLUTE_TOLERANCE_W = 10;
    /** Confidence bands of 0.2: [0, 0.2), …, [0.8, 1.0]. */
    static final int BANDS = 5;

    /** Size classes of the true step; ALL counts every step event. */
    public enum Size {
        UNDER_100_W("< 100 W"), FROM_100_TO_500_W("100–500 W"), FROM_500_W("≥ 500 W"), ALL("all");

        public final String label;

        Size(String label) {
            this.label = label;
        }

        static Size of(double trueStepW) {
            double size = Math.abs(trueStepW);
            return size < 100 ? UNDER_100_W : size < 500 ? FROM_100_TO_500_W : FROM_500_W;
        }
    }

    private final double thresholdW;
    final int[] events = new int[Size.values().length];
    final int[] right = new int[Size.values().length];
    final int[] ceilingRight = new int[Size.values().length];
    int changes;
    int rightSign;
    int answered;
    int fromProfile;
    int truePositives;
    int falsePositives;
    int falseNegatives;
    final int[] bandWritten = new int[BANDS];
    final int[] bandRight = new int[BANDS];
    final double[] bandConfidence = new double[BANDS];

    public StepScores(double thresholdW) {
        this.thresholdW = thresholdW;
    }

    public static boolean isRight(double stepW, double trueStepW) {
        double error = Math.abs(stepW - trueStepW);
        return error <= ABSOLUTE_TOLERANCE_W || error <= RELATIVE_TOLERANCE * Math.abs(trueStepW);
    }

    /**
     * One state change: what was written for it (null: nothing) and the meter's best split (NaN: none).
     * A state change without a true step (too near the day's ends) is not scored.
     */
    public void add(TrueEvent event, WrittenStep written, double ceilingStepW) {
        if (!event.scored()) {
            return;
        }
        changes++;
        double truth = event.trueStepW();
        boolean stepThere = Math.abs(truth) >= thresholdW;
        if (written != null) {
            boolean isRight = isRight(written.deltaW(), truth);
            int band = Math.min(BANDS - 1, Math.max(0, (int) Math.floor(written.confidence() * BANDS)));
            bandWritten[band]++;
            bandConfidence[band] += written.confidence();
            bandRight[band] += isRight ? 1 : 0;
            if (stepThere) {
                truePositives++;
            } else {
                falsePositives++;
            }
        } else if (stepThere) {
            falseNegatives++;
        }
        if (!stepThere) {
            return;
        }
        boolean isRight = written != null && isRight(written.deltaW(), truth);
        boolean ceiling = Double.isFinite(ceilingStepW) && isRight(ceilingStepW, truth);
        for (Size size : new Size[] {Size.of(truth), Size.ALL}) {
            events[size.ordinal()]++;
            right[size.ordinal()] += isRight ? 1 : 0;
            ceilingRight[size.ordinal()] += ceiling ? 1 : 0;
        }
        if (written != null) {
            answered++;
            rightSign += Math.signum(written.deltaW()) == Math.signum(truth) ? 1 : 0;
            fromProfile += "profile".equals(written.estimateSource()) ? 1 : 0;
        }
    }

    /** These tallies and another's, added. */
    public StepScores plus(StepScores other) {
        StepScores sum = new StepScores(thresholdW);
        for (int i = 0; i < events.length; i++) {
            sum.events[i] = events[i] + other.events[i];
            sum.right[i] = right[i] + other.right[i];
            sum.ceilingRight[i] = ceilingRight[i] + other.ceilingRight[i];
        }
        for (int b = 0; b < BANDS; b++) {
            sum.bandWritten[b] = bandWritten[b] + other.bandWritten[b];
            sum.bandRight[b] = bandRight[b] + other.bandRight[b];
            sum.bandConfidence[b] = bandConfidence[b] + other.bandConfidence[b];
        }
        sum.changes = changes + other.changes;
        sum.rightSign = rightSign + other.rightSign;
        sum.answered = answered + other.answered;
        sum.fromProfile = fromProfile + other.fromProfile;
        sum.truePositives = truePositives + other.truePositives;
        sum.falsePositives = falsePositives + other.falsePositives;
        sum.falseNegatives = falseNegatives + other.falseNegatives;
        return sum;
    }

    /** Every scored state change, whatever its true step. */
    public int changes() {
        return changes;
    }

    /** State changes with a correlation written. */
    public int written() {
        return truePositives + falsePositives;
    }

    public int events(Size size) {
        return events[size.ordinal()];
    }

    public int right(Size size) {
        return right[size.ordinal()];
    }

    public int ceilingRight(Size size) {
        return ceilingRight[size.ordinal()];
    }

    public int rightSign() {
        return rightSign;
    }

    public int answered() {
        return answered;
    }

    /** Answered step events whose correlation says a profile chose its split. */
    public int fromProfile() {
        return fromProfile;
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public int bandWritten(int band) {
        return bandWritten[band];
    }

    public int bandRight(int band) {
        return bandRight[band];
    }

    /** The mean confidence of the correlations in the band; NaN when it holds none. */
    public double bandMeanConfidence(int band) {
        return ratio(bandConfidence[band], bandWritten[band]);
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? Double.NaN : part / whole;
    }
}
