package io.energycorrelator.operations;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * The one Prometheus meter registry of the service, shared with Camel: camel-micrometer-prometheus serves it
 * at /observe/metrics and adds Camel's own meters (routes, exchanges) to it. Whichever comes first creates it
 * and binds it under Camel's name for it; the other finds it there.
 */
public final class MetricsRegistry {

    private MetricsRegistry() {
    }

    public static PrometheusMeterRegistry of(CamelContext context) {
        Object bound = context.getRegistry().lookupByName(MicrometerConstants.METRICS_REGISTRY_NAME);
        if (bound instanceof PrometheusMeterRegistry registry) {
            return registry;
        }
        if (bound != null) {
            throw new IllegalStateException("The bean " + MicrometerConstants.METRICS_REGISTRY_NAME + " is a "
                    + bound.getClass().getName() + ", not a Prometheus meter registry");
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        return registry;
    }
}
