package io.energycorrelator.correlate;

import io.energycorrelator.model.Correlation;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The correlation route's two filters, as predicates the route refers to by name ({@code ref}): a plain
 * method call per state change. (The same tests written in the simple language cost two copies of the
 * exchange and a bean introspection per state change: its {@code ${body.x}} calls go through the bean
 * component.) To filter by another rule, replace the {@code ref} in the route with any predicate, e.g.
 * {@code simple: "${body.powerDeltaW} >= 50"}.
 */
public final class StepFilters {

    private StepFilters() {
    }

    /** "A step was read": the enricher left a correlation in the body, not nothing. */
    public static final class StepWasRead implements Predicate {
        @Override
        public boolean matches(Exchange exchange) {
            return exchange.getMessage().getBody() != null;
        }
    }

    /** "The step reaches the threshold": |power after − power before| ≥ the minimum power delta. */
    public static final class StepReachesThreshold implements Predicate {

        private final double minPowerDeltaW;

        public StepReachesThreshold(double minPowerDeltaW) {
            this.minPowerDeltaW = minPowerDeltaW;
        }

        @Override
        public boolean matches(Exchange exchange) {
            return exchange.getMessage().getBody() instanceof Correlation c && c.absoluteDeltaW() >= minPowerDeltaW;
        }
    }
}
