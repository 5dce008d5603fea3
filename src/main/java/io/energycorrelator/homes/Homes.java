package io.energycorrelator.homes;

import io.energycorrelator.dashboard.NoSuchHomeException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.util.URISupport;

import java.net.URISyntaxException;
import java.util.regex.Pattern;

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

    /** What a home id may be (the homes file's rule), for echoing one back. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

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
    public String ofRequest(@Header(Exchange.HTTP_QUERY) String query) {
        // From the query string, not the headers (platform-http makes an HTTP header "home" a Camel header too).
        String id = query == null ? null : queryParameter(query);
        if (id == null || id.isBlank()) {
            if (single()) {
                return byId.keySet().iterator().next();
            }
            throw new NoSuchHomeException("home: this service serves " + byId.size() + " homes; name one, e.g. ?home="
                    + byId.keySet().iterator().next() + " (GET /homes lists them)", 400);
        }
        if (!byId.containsKey(id)) {
            String named = ID.matcher(id).matches() ? " '" + id + "'" : " of that id"; // nothing else echoes back
            throw new NoSuchHomeException("home: no home" + named + " here (GET /homes lists them)", 404);
        }
        return id;
    }

    private static String queryParameter(String query) {
        try {
            Object value = URISupport.parseQuery(query).get(PROPERTY);
            return value == null ? null : value.toString();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
