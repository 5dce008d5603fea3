package io.energycorrelator.routes;

import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.LookBack;
import io.energycorrelator.correlate.RouteNames;
import io.energycorrelator.correlate.StateChangesRead;
import io.energycorrelator.devices.profile.ProfileChanges;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import io.energycorrelator.devices.DeviceProfiles;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.devices.profile.ProfileBook;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import org.apache.camel.component.influxdb2.data.Records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-ins for the five beans of the correlation route that query InfluxDB (the planner reads the stored
 * watermark; the readers run Flux queries; the device profiles are restored from it; the late rows' ledger asks it what was written): they answer with the
 * state changes and meter readings a test gives them, and no stored profiles. Every other bean is the real one.
 */
final class RouteStubs {

    private RouteStubs() {
    }

    /** Plans every cycle over the same range. */
    static final class FixedCycles {
        private final Instant after;
        private final Instant until;

        FixedCycles(Instant after, Instant until) {
            this.after = after;
            this.until = until;
        }

        public Cycle plan() {
            return new Cycle(Cycle.Run.LIVE, after, until, 5000);
        }
    }

    /** The state changes as the query would return them, oldest first (untracked domains included). */
    static final class GivenStateChanges {
        private List<StateChange> changes;

        GivenStateChanges(List<StateChange> changes) {
            this.changes = changes;
        }

        void set(List<StateChange> changes) {
            this.changes = changes;
        }

        /** As the reader: what it read and the look-back, made afresh for the range. */
        public List<StateChange> read(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle, Exchange exchange) {
            exchange.setProperty(RouteNames.STATE_CHANGES_READ, new StateChangesRead(cycle));
            exchange.setProperty(RouteNames.LOOK_BACK, new LookBack(cycle));
            return new ArrayList<>(changes);
        }
    }

    /** The meter readings of the cycle. */
    static final class GivenMeter {
        private final List<MeterWindow.Reading> readings;

        GivenMeter(List<MeterWindow.Reading> readings) {
            this.readings = readings;
        }

        public MeterWindow load() {
            return new MeterWindow(readings);
        }
    }

    /** No late rows: the look-back finds nothing, and every state change is judged as given. */
    static final class NoLateRows {
        public void recallOnce() {
        }

        public long auditTooLate() {
            return 0;
        }

        public List<StateChange> withLateReadings(List<StateChange> changes) {
            return changes;
        }

        public void settled() {
        }
    }

    /** No profiles stored yet; learning is the real one. */
    static final class NoStoredProfiles {
        private final ProfileBook book = new ProfileBook();

        public ProfileChanges startRange() {
            return new ProfileChanges();
        }

        public void learnInTimeOrder(Correlation correlation, @ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
            book.learn(correlation, changes);
        }

        public Records changedPoints(@ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
            return PointLine.records(book.records(changes).stream().map(DeviceProfiles::toLine).toList());
        }

        public void forgetCycle(@ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
            if (changes != null) {
                book.undo(changes);
            }
        }
    }
}
