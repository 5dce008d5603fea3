package io.energycorrelator.support;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * A route policy that holds up its route's start for {@value #MILLIS} ms (in the thread that starts the
 * routes), so that a test sees the service between "the HTTP server listens" and "the routes run".
 * Used by src/test/resources/routes/slow-start.camel.yaml.
 */
public class SlowRouteStart extends RoutePolicySupport {

    public static final long MILLIS = 3000;

    @Override
    public void onStart(Route route) {
        try {
            Thread.sleep(MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
