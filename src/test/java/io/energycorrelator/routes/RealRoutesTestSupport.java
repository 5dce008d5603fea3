package io.energycorrelator.routes;

import io.energycorrelator.ServiceBeans;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

import io.energycorrelator.homes.HomeRoutes;
import org.apache.camel.builder.TemplatedRouteBuilder;

import java.util.Map;
import java.util.Properties;

/**
 * The service's own beans and settings (application.properties), with the route files a test names; the context
 * is started by the test once it has advised the routes.
 */
abstract class RealRoutesTestSupport extends CamelMainTestSupport {

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        ServiceBeans.addTo(configuration);
    }

    /** The route files this test loads (called during construction: no fields yet). */
    protected abstract String routeFiles();

    /** Settings a test class changes (called during construction: no fields yet). */
    protected Map<String, String> overrides() {
        return Map.of();
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("correlator.influxdb.token", "not-used-by-route-tests");
        // The same key application.properties sets, so that this value wins over the file's.
        properties.put("camel.main.routesIncludePattern", routeFiles());
        properties.putAll(overrides());
        return properties;
    }

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    /**
     * The default home's routes of the route templates loaded, made now so that a test can advise them (the service
     * has them made when the context starts, by the bean homeRoutes, which this takes out).
     */
    protected void defaultHomesRoutes() throws Exception {
        HomeRoutes routes = context.getRegistry().findSingleByType(HomeRoutes.class);
        context.getRegistry().unbind("homeRoutes");
        for (String routeId : routes.routeIds()) {
            Map<String, Object> parameters = routes.parameters(routeId);
            TemplatedRouteBuilder.builder(context, (String) parameters.get("templateId")).routeId(routeId)
                    .parameter("homeId", parameters.get("homeId")).parameter("suffix", parameters.get("suffix")).add();
        }
    }
}
