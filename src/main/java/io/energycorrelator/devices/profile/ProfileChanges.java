package io.energycorrelator.devices.profile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one cycle (or backfill chunk) learned into a {@link ProfileBook}: which transitions it changed, and each
 * one as it stood before the cycle touched it, so that a cycle that fails can be taken back and redone from
 * the same profiles. Not thread-safe: one cycle's, guarded by its book.
 */
public final class ProfileChanges {

    /** Before the first change of this cycle: the transition's steps (empty: it had none). */
    final Map<ProfileBook.Key, Optional<RecentSteps>> before = new LinkedHashMap<>();

    public boolean isEmpty() {
        return before.isEmpty();
    }

    public int size() {
        return before.size();
    }
}
