package io.energycorrelator.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP API: where it listens, and the API key that every request but the open ones (GET /health, the
 * health checks, the dashboard's files) needs when one is set.
 *
 * @param host   the address the server binds to ({@code 0.0.0.0}: every interface)
 * @param apiKey the key requests need; empty = every endpoint is open
 */
public record HttpSettings(String host, int port, Optional<String> apiKey) {

    /** An IPv4 or IPv6 literal or a host name: no scheme, no port, no path. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-]{1,253}");

    public static HttpSettings read(Settings r) {
        return new HttpSettings(
                r.get("camel.server.host").matching(HOST, "an IP address or host name to bind to, e.g. 0.0.0.0 or 127.0.0.1"),
                (int) r.get("camel.server.port").wholeNumber(1, 65_535),
                r.secret("correlator.api-key", "correlator.api-key-file", "API key", false, false));
    }

    /** Never print the key. */
    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", apiKey=" + (apiKey.isPresent() ? "set" : "not set") + "]";
    }
}
