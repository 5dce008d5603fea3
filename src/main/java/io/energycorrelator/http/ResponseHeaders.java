package io.energycorrelator.http;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which message headers an HTTP answer carries: only those the API sets on purpose. platform-http copies a
 * request's headers and query parameters into the message, and by default back out into the answer: an
 * {@code X-API-Key} (the secret itself) or any header a client sends would be echoed. Request headers come
 * in as platform-http has them by default.
 */
public class ResponseHeaders implements HeaderFilterStrategy {

    private static final Set<String> ANSWERED = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        ANSWERED.addAll(Set.of("Content-Type", "WWW-Authenticate", "Allow",
                // the dashboard's files (routes/dashboard.camel.yaml)
                "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options"));
    }

    private final HeaderFilterStrategy incoming = new HttpHeaderFilterStrategy();

    /** True (leave it out of the answer) for every header but the API's own. */
    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !ANSWERED.contains(headerName);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return incoming.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }
}
