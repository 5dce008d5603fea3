package io.energycorrelator.correlate;

import io.energycorrelator.model.StateChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A range's dealings with the late-rows ledger ({@link LateRows}): from where it looked back, the rows it read as the
 * ledger will remember them once the cycle succeeds, the look-back's state changes to check again or whose old
 * correlation goes, the state changes it judged, and how many of them came late. Made afresh for each range by
 * {@link StateChangeReader}, which fills it as it reads; {@link LateRows} adds what late meter readings bring back.
 * A backfill chunk has no look-back: only its judged state changes are here.
 */
public final class LookBack {

    private final Instant after;
    private Instant from;
    private final Map<LateRows.RowKey, LateRows.Seen> rowsSeen = new HashMap<>();
    private final List<StateChange> rechecks = new ArrayList<>();
    private final List<StateChange> superseded = new ArrayList<>();
    private List<StateChange> judged = List.of();
    private final Set<StateChange> recheckedAfterStart = Collections.newSetFromMap(new IdentityHashMap<>());
    private int late;

    /** The look-back the cycle planned. */
    public LookBack(Cycle cycle) {
        this.after = cycle.after();
        this.from = cycle.lookBackFrom();
    }

    /** A burst before the watermark: the look-back covers only (from, after]. */
    void narrowTo(Instant from) {
        this.from = from.isBefore(after) ? from : after;
    }

    /** A row read, as the ledger will know it once the cycle succeeds. */
    void saw(LateRows.RowKey key, LateRows.Seen seen) {
        rowsSeen.put(key, seen);
    }

    /** A look-back state change judged before with the same state: judged again only if its meter readings changed. */
    void recheck(StateChange change) {
        rechecks.add(change);
    }

    /**
     * A look-back state change as it was correlated before a late row changed its previous state: its point is
     * deleted once the cycle has written ({@link SupersededCorrelations}).
     */
    void supersede(StateChange change) {
        superseded.add(change);
    }

    /** The state changes the cycle judges (its own, and the late ones), in the split's order. */
    void judged(List<StateChange> changes) {
        this.judged = changes;
    }

    /** A state change the first cycle after a start judges again: counted only if it makes a correlation. */
    void recheckedAfterStart(StateChange change) {
        recheckedAfterStart.add(change);
    }

    /** A state change judged in this cycle although the watermark had passed it. */
    void late() {
        late++;
    }

    /** Exclusive start of the look-back; the cycle's {@code after} when it has none. */
    public Instant from() {
        return from;
    }

    public boolean looksBack() {
        return from.isBefore(after);
    }

    Map<LateRows.RowKey, LateRows.Seen> rowsSeen() {
        return Collections.unmodifiableMap(rowsSeen);
    }

    List<StateChange> rechecks() {
        return Collections.unmodifiableList(rechecks);
    }

    List<StateChange> superseded() {
        return Collections.unmodifiableList(superseded);
    }

    List<StateChange> judged() {
        return judged;
    }

    boolean isRecheckedAfterStart(StateChange change) {
        return !recheckedAfterStart.isEmpty() && recheckedAfterStart.contains(change);
    }

    public int lateStateChanges() {
        return late;
    }
}
