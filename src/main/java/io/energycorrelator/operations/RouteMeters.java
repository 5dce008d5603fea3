package io.energycorrelator.operations;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;

/**
 * Camel's meters of each route (camel_exchanges_*, camel_route_policy_seconds, ...), as
 * {@code camel.metrics.enableRoutePolicy} would add them, but not for the routes a cycle calls once per state
 * change (the {@code power-step} route's count is the correlate route's events processed); application.properties
 * turns Camel's own route policy off and this one takes its place.
 *
 * <p>Why ours: camel-main's {@code camel.metrics.enableRoutePolicy} cannot leave a route out, and timing {@code power-step} cost a tenth of a 10,000-event cycle (scripts/bench.sh, when it was added).
 */
public final class RouteMeters {

    /** Route ids (comma-separated patterns) that get no meters of their own. */
    public static final String PER_STATE_CHANGE_ROUTES = "power-step,"
            // Each route an exchange passes holds its timer in an exchange property, which every state change's exchange
            // copies: the backfill's three routes (GET /backfill and its gauges say how a backfill goes) would add three.
            + "backfill,backfill-spans,backfill-chunk";

    private RouteMeters() {
    }

    public static void install(CamelContext context, MeterRegistry meters) {
        MicrometerRoutePolicyConfiguration configuration = new MicrometerRoutePolicyConfiguration();
        configuration.setExcludePattern(PER_STATE_CHANGE_ROUTES);
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setMeterRegistry(meters);
        factory.setPolicyConfiguration(configuration);
        context.addRoutePolicyFactory(factory);
    }
}
