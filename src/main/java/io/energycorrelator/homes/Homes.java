package io.energycorrelator.homes;

import io.energycorrelator.dashboard.NoSuchHomeException;
import org.apache.camel.Header;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The homes this process serves, in the homes file's order (or the one home {@value #DEFAULT}), and which one a
 * request names: the bean {@code homes} of the routes.
 */
public final class Homes {

    /** The one home of a service without a homes file. */
    public static final String DEFAULT = "default";
    /** The exchange property that says which home an exchange works for, and the query parameter that names it. */
    public static final String PROPERTY = "home";

    private final Map<String, Home> byId = new LinkedHashMap<>();

    public Homes(Collection<Home> homes) {
        homes.forEach(h -> byId.put(h.id(), h));
    }

    public Collection<Home> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    public boolean single() {
        return byId.size() == 1;
    }

    /** The home of this id; a home unknown here is a bug (the routes set only ids they were given). */
    public Home of(String id) {
        Home home = id == null && single() ? byId.values().iterator().next() : byId.get(id);
        if (home == null) {
            throw new IllegalStateException("No home '" + id + "' in this process");
        }
        return home;
    }

    /**
     * The id of the home a request names ({@code ?home=}): may be left out where there is one home; otherwise 400,
     * and 404 for a home this process does not serve.
     */
    public String ofRequest(@Header(PROPERTY) String id) {
        if (id == null || id.isBlank()) {
            if (single()) {
                return byId.keySet().iterator().next();
            }
            throw new NoSuchHomeException("home: this service serves " + byId.size() + " homes; name one, e.g. ?home="
                    + byId.keySet().iterator().next() + " (GET /homes lists them)", 400);
        }
        if (!byId.containsKey(id)) {
            throw new NoSuchHomeException("home: no home '" + id + "' here (GET /homes lists them)", 404);
        }
        return id;
    }
}
