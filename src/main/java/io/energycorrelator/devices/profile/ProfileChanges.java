package io.energycorrelator.devices.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cycle (or backfill chunk) learned into a {@link ProfileBook}: for each transition it changed, the very
 * steps it added and the steps those pushed out (replaced at the same time, or dropped beyond the capacity). A cycle
 * that fails is taken back by removing exactly its own steps and putting back what they pushed out: whatever another
 * learner (a backfill chunk running meanwhile) added to the same transition stays. Not thread-safe: one cycle's,
 * guarded by its book.
 */
public final class ProfileChanges {

    /** One transition's share: the step instances this cycle put in, and the earlier ones they pushed out. */
    static final class Learned {
        final List<ObservedStep> added = new ArrayList<>();
        final List<ObservedStep> displaced = new ArrayList<>();
    }

    final Map<ProfileBook.Key, Learned> learned = new LinkedHashMap<>();
    /** The book's restore count when this cycle first learned: a book restored since is not this cycle's to undo. */
    long restoresSeen = -1;

    public boolean isEmpty() {
        return learned.isEmpty();
    }

    public int size() {
        return learned.size();
    }
}
