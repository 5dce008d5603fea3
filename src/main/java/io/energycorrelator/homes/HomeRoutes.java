package io.energycorrelator.homes;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.RouteTemplateParameterSource;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes made from the route templates, one of each per home (Camel asks a bean of this type in the registry
 * when the context starts): the correlation cycle ({@code correlate}, routes/correlate.camel.yaml) and the daily
 * energy ({@code daily-energy}, routes/devices.camel.yaml). The default home's routes keep the plain ids; another
 * home's end with {@code .<home id>}, as do its own route policies' bean names.
 */
public final class HomeRoutes implements RouteTemplateParameterSource {

    /** The templates every home is made of. */
    static final List<String> TEMPLATES = List.of("correlate", "daily-energy");

    private final ModelCamelContext context;
    private final Map<String, Map<String, Object>> parametersByRouteId = new LinkedHashMap<>();

    public HomeRoutes(CamelContext context, Iterable<String> homeIds) {
        this.context = (ModelCamelContext) context;
        for (String home : homeIds) {
            for (String template : TEMPLATES) {
                parametersByRouteId.put(template + suffix(home), Map.of("templateId", template, "homeId", home, "suffix", suffix(home)));
            }
        }
    }

    /** What the names of a home's own routes and beans end with: nothing for the default home. */
    public static String suffix(String homeId) {
        return Homes.DEFAULT.equals(homeId) ? "" : "." + homeId;
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return parametersByRouteId.get(routeId);
    }

    @Override
    public Set<String> routeIds() {
        // Only those of the templates loaded: a route file left out (ROUTES_INCLUDE_PATTERN, a route test) makes none.
        Set<String> ids = new LinkedHashSet<>();
        parametersByRouteId.forEach((id, parameters) -> {
            if (context.getRouteTemplateDefinition((String) parameters.get("templateId")) != null) {
                ids.add(id);
            }
        });
        return ids;
    }
}
