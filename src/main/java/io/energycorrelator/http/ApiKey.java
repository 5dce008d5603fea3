package io.energycorrelator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/**
 * The API key that every request but the open ones ({@link HttpFront}) needs when one is configured: sent as
 * {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>} (what Prometheus' {@code authorization}
 * setting sends). Keys are compared in constant time (as SHA-256 digests, so that neither the content nor the
 * length of the key shows in the time an answer takes). The key itself is never logged nor returned.
 */
public class ApiKey {

    public static final String HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    /** @param key the configured key; empty = requests need none */
    public ApiKey(Optional<String> key) {
        this.expectedDigest = key.map(ApiKey::digest).orElse(null);
    }

    /** Whether a key is configured at all. */
    public boolean isSet() {
        return expectedDigest != null;
    }

    /** True when a key is configured and the request brings neither header with it, or a wrong key. */
    public boolean isMissingOrWrong(String apiKey, String authorization) {
        if (expectedDigest == null) {
            return false;
        }
        String given = apiKey != null ? apiKey
                : authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                        ? authorization.substring(BEARER.length()).trim() : null;
        return given == null || !MessageDigest.isEqual(expectedDigest, digest(given));
    }

    /** The 401 answer's body. */
    public Map<String, String> rejection() {
        return Map.of("error", "this request needs the API key: send it as header " + HEADER
                + ": <key> or Authorization: Bearer <key>");
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
