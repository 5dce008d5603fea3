package io.energycorrelator.correlate;

/**
 * The names that routes/correlate.camel.yaml and the Java beans share, and what each holds: declared here only
 * (the route file points here).
 */
public final class RouteNames {

    /*
     * A cycle's state, one property per concern, each written by at most two beans (ArchitectureTest checks the Java
     * side); CycleTally adds them up once the cycle (or backfill chunk) is over.
     */
    /** Exchange property: the {@link Cycle} being worked on, its plan (range, limits, look-back); it never changes. */
    public static final String CYCLE = "cycle";
    /**
     * Exchange property (a Long): rows that came later than the late-data window, found by the live cycle's audit
     * ({@link LateRows#auditTooLate}), skipped as {@code too_late}.
     */
    public static final String TOO_LATE = "tooLate";
    /** Exchange property: what the range's read found, the {@link StateChangesRead} (the reader, TrackedDomains). */
    public static final String STATE_CHANGES_READ = "stateChangesRead";
    /** Exchange property: the range's dealings with the late-rows ledger, its {@link LookBack} (the reader, LateRows). */
    public static final String LOOK_BACK = "lookBack";
    /** Exchange property: the meter readings the range could not use, its {@link Skips} (MeterWindowLoader). */
    public static final String METER_SKIPS = "meterSkips";
    /** Exchange property: what the split kept, the {@link CorrelationsKept} (KeptCorrelations). */
    public static final String CORRELATIONS_KEPT = "correlationsKept";
    /** Exchange property: what of the range's writes landed, the {@link Landed} (CorrelationPoints, RefusedPoints). */
    public static final String LANDED = "landed";
    /**
     * Exchange property: what the range learned into the device profiles, their {@code ProfileChanges} (DeviceProfiles),
     * to store with it or to take back if the cycle fails.
     */
    public static final String PROFILE_CHANGES = "profileChanges";
    /** Exchange property: the cycle's meter readings, a {@link io.energycorrelator.model.MeterWindow} held in memory. */
    public static final String METER_WINDOW = "meterWindow";
    /** Exchange property: the verdict of the filter "the meter could read a step". */
    public static final String HAS_POWER_STEP = "hasPowerStep";
    /** Exchange property: the device profiles a range changed, as points (camel-influxdb2 {@code Points}). */
    public static final String PROFILE_POINTS = "profilePoints";
    /**
     * Exchange property (a {@code List<String>} of line protocol): what the range's last write carries beside its last
     * correlations: the profiles it changed and, for a live cycle, the watermark.
     */
    public static final String POINTS_WITH_LAST_BATCH = "pointsWithLastBatch";
    /** Exchange property: the verdict of the threshold filter. */
    public static final String ABOVE_THRESHOLD = "aboveThreshold";
    /**
     * Header (a Double) on each correlation the enricher made: |power after - power before| in watts, what the
     * threshold filter compares (a header lookup per state change; {@code ${body.x}} would call a getter by
     * reflection, through the bean component, each time).
     */
    public static final String ABSOLUTE_DELTA_W = "AbsoluteDeltaW";
    /**
     * Exchange property (a {@code Set<String>}): the lines of the exchange's writes that InfluxDB refused for
     * what they hold, skipped as {@code invalid_value} ({@link RefusedPoints}); absent when all landed.
     */
    public static final String REFUSED_LINES = "refusedLines";
    /** Header (a String) on each batch handed to the extension point: {@code live} or {@code backfill}. */
    public static final String RUN_HEADER = "CorrelatorRun";

    /**
     * The extension point: each batch of correlations written to InfluxDB (a {@code List<Correlation>}), handed
     * over asynchronously; output routes consume it with {@code multipleConsumers=true}. No consumer: no-op.
     */
    public static final String CORRELATIONS_WRITTEN = "seda:correlations-written";

    /** One range of state changes, for the live cycle and for each backfill chunk. */
    public static final String CORRELATE_RANGE = "direct:correlate-range";

    private RouteNames() {
    }
}
