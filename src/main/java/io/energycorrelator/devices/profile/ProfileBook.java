package io.energycorrelator.devices.profile;

import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.StateChange;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.Set;

/**
 * The profiles of every entity's transitions, learned from correlations as they are made: each one adds its
 * step to its entity's transition ({@link RecentSteps}: the newest {@code capacity} by event time). Nothing
 * is read back from history; to start from stored correlations instead, {@link #rebuiltFrom}; to survive a
 * restart, persist {@link #snapshot()} (or the records {@link #learnAll} returns) and {@link #restore} them.
 * <p>
 * A correlation that overlapped another state change is not learned: its step may hold the other device's,
 * and the profile should say what this device alone does. Thread-safe: the cycle's enrichment may look
 * profiles up while a backfill learns.
 */
public final class ProfileBook implements ProfileLookup {

    /** Steps kept per transition: enough for a steady median, few enough to follow a replaced device. */
    public static final int DEFAULT_CAPACITY = 30;

    record Key(String entityId, String transition) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::entityId).thenComparing(Key::transition);

    private final int capacity;
    private final Map<Key, RecentSteps> steps = new HashMap<>();
    private final Map<Key, DeviceProfile> profiles = new HashMap<>();
    /** How many times {@link #restore} replaced everything: a cycle that learned before one has nothing to undo. */
    private long restores;

    public ProfileBook() {
        this(DEFAULT_CAPACITY);
    }

    public ProfileBook(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** A book learned from stored correlations, in any order (e.g. all of them since a backfill's start). */
    public static ProfileBook rebuiltFrom(Collection<Correlation> correlations, int capacity) {
        ProfileBook book = new ProfileBook(capacity);
        book.learnAll(correlations);
        return book;
    }

    public int capacity() {
        return capacity;
    }

    /** Learns one correlation's step; false when it is not learned (overlapped, or not a finite step). */
    public synchronized boolean learn(Correlation correlation) {
        Key key = keyOf(correlation);
        if (key == null) {
            return false;
        }
        add(key, new ObservedStep(correlation.change().time(), correlation.powerDeltaW()));
        return true;
    }

    /**
     * Learns one correlation as part of a cycle, remembering in {@code changes} the step it added and what that
     * pushed out, so that {@link #undo} can take back exactly this cycle's steps; false when it is not learned.
     */
    public synchronized boolean learn(Correlation correlation, ProfileChanges changes) {
        Key key = keyOf(correlation);
        if (key == null) {
            return false;
        }
        if (changes.learned.isEmpty()) {
            changes.restoresSeen = restores;
        }
        ObservedStep step = new ObservedStep(correlation.change().time(), correlation.powerDeltaW());
        ProfileChanges.Learned learned = changes.learned.computeIfAbsent(key, k -> new ProfileChanges.Learned());
        learned.added.add(step);
        learned.displaced.addAll(add(key, step));
        return true;
    }

    /** Adds a step to its transition and refreshes the profile; returns the steps it pushed out. */
    private List<ObservedStep> add(Key key, ObservedStep step) {
        RecentSteps recent = steps.computeIfAbsent(key, k -> new RecentSteps(capacity));
        List<ObservedStep> displaced = recent.add(step);
        profiles.put(key, DeviceProfile.of(key.entityId(), key.transition(), recent.steps()));
        return displaced;
    }

    /** The records of the transitions a cycle changed, to persist. */
    public synchronized List<ProfileRecord> records(ProfileChanges changes) {
        return changes.learned.keySet().stream().filter(steps::containsKey).sorted(ORDER).map(this::recordOf).toList();
    }

    /**
     * Takes back what a cycle learned (it failed, and will be redone from the profiles it started with): exactly the
     * steps it added, each only while it is still the step at its time, and the steps those pushed out put back where
     * no other has taken their time. Steps other learners added meanwhile (a backfill's chunks, learning into the same
     * transitions) stay. A book restored since the cycle learned (a new start or term) is left as it is.
     */
    public synchronized void undo(ProfileChanges changes) {
        if (changes.restoresSeen == restores) {
            changes.learned.forEach(this::takeBack);
        }
        changes.learned.clear();
    }

    private void takeBack(Key key, ProfileChanges.Learned learned) {
        RecentSteps recent = steps.get(key);
        if (recent == null) {
            return; // forgotten since (not seen for the forget-after time): nothing of it to take back or put back
        }
        Set<ObservedStep> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(learned.added);
        learned.added.forEach(recent::removeIfStill);
        learned.displaced.stream().filter(step -> !own.contains(step)).forEach(recent::putBack);
        if (recent.isEmpty()) {
            steps.remove(key);
            profiles.remove(key);
        } else {
            profiles.put(key, DeviceProfile.of(key.entityId(), key.transition(), recent.steps()));
        }
    }

    /** Learns each correlation; returns the records of the profiles that changed, to persist. */
    public synchronized List<ProfileRecord> learnAll(Collection<Correlation> correlations) {
        Set<Key> changed = new LinkedHashSet<>();
        for (Correlation c : correlations) {
            if (learn(c)) {
                changed.add(keyOf(c));
            }
        }
        return changed.stream().sorted(ORDER).map(this::recordOf).toList();
    }

    @Override
    public synchronized Optional<DeviceProfile> find(String entityId, String transition) {
        return Optional.ofNullable(profiles.get(new Key(entityId, transition)));
    }

    @Override
    public synchronized List<String> transitionsOf(String entityId) {
        return profiles.keySet().stream().filter(k -> k.entityId().equals(entityId)).map(Key::transition).sorted().toList();
    }

    /**
     * Forgets the transitions whose newest step is older than {@code cutoff} (devices gone from the house), so
     * that memory follows the devices in use, not every entity ever seen. Returns how many were forgotten.
     */
    public synchronized int forgetNotSeenSince(Instant cutoff) {
        int before = profiles.size();
        profiles.values().removeIf(p -> p.lastSeen().isBefore(cutoff));
        steps.keySet().retainAll(profiles.keySet());
        return before - profiles.size();
    }

    /** How many transitions (of all entities) have a profile. */
    public synchronized int size() {
        return profiles.size();
    }

    /** Every profile, by entity and transition. */
    public synchronized List<DeviceProfile> profiles() {
        return profiles.keySet().stream().sorted(ORDER).map(profiles::get).toList();
    }

    /** Everything learned, by entity and transition: restoring these gives back this very book. */
    public synchronized List<ProfileRecord> snapshot() {
        return steps.keySet().stream().sorted(ORDER).map(this::recordOf).toList();
    }

    /**
     * Replaces everything learned with these records (a snapshot, e.g. read back after a restart). A record
     * with more steps than this book's capacity keeps its newest.
     */
    public synchronized void restore(Collection<ProfileRecord> records) {
        restores++;
        steps.clear();
        profiles.clear();
        for (ProfileRecord r : records) {
            Key key = new Key(r.entityId(), r.transition());
            RecentSteps recent = steps.computeIfAbsent(key, k -> new RecentSteps(capacity));
            r.recentSteps().forEach(recent::add);
            profiles.put(key, DeviceProfile.of(key.entityId(), key.transition(), recent.steps()));
        }
    }

    private ProfileRecord recordOf(Key key) {
        return new ProfileRecord(key.entityId(), key.transition(), steps.get(key).steps());
    }

    /**
     * Home Assistant keeps entity ids and states to 255 characters: a longer one is not a device's state (it is
     * correlated, but no profile is learned from it, whose point InfluxDB might refuse for its series key).
     */
    private static final int HOME_ASSISTANT_MAX_LENGTH = 255;

    private static boolean longerThanHomeAssistantAllows(String value) {
        return value != null && value.length() > HOME_ASSISTANT_MAX_LENGTH;
    }

    /** The key a correlation is learned under, or null when it is not learned. */
    private static Key keyOf(Correlation c) {
        StateChange change = c.change();
        if (c.overlappingEvents() > 0 || !Double.isFinite(c.powerDeltaW()) || change.entityId() == null
                || longerThanHomeAssistantAllows(change.entityId()) || longerThanHomeAssistantAllows(change.state())
                || longerThanHomeAssistantAllows(change.previousState())) {
            return null;
        }
        return new Key(change.entityId(), Transition.of(change));
    }
}
