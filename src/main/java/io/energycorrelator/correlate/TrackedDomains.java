package io.energycorrelator.correlate;

import io.energycorrelator.model.StateChange;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.List;
import java.util.Set;

/**
 * Keeps the state changes of the tracked Home Assistant domains whose entity id agrees with its domain
 * ({@code switch.lamp} in domain {@code switch}); the others are skipped as {@code unknown_domain}. The query
 * already asks InfluxDB for the tracked domains only; this catches a domain tag that disagrees with the entity.
 * The state changes kept are the ones the cycle processes (and counts as such).
 */
public class TrackedDomains {

    private final Set<String> domains;

    public TrackedDomains(List<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    public List<StateChange> keep(@Body List<StateChange> changes,
            @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read,
            @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack) {
        List<StateChange> kept = changes.stream().filter(this::tracks).toList();
        if (kept.size() < changes.size()) {
            changes.stream().filter(c -> !tracks(c) && !lookBack.isRecheckedAfterStart(c))
                    .forEach(c -> read.skip("unknown_domain", c));
        }
        // a state change judged again after a start counts once it makes a correlation (KeptCorrelations)
        read.processed((int) kept.stream().filter(c -> !lookBack.isRecheckedAfterStart(c)).count());
        return kept;
    }

    private boolean tracks(StateChange change) {
        return domains.contains(change.domain()) && change.entityId().startsWith(change.domain() + ".");
    }
}
