package io.energycorrelator.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One home of the homes file ({@link HomesFile}): its id, and the settings it sets itself (keys of
 * application.properties among {@link HomesFile#PER_HOME}, values as written); every other key is the process's.
 * {@link Settings#forHome} lays them over the process's settings.
 */
public record HomeDefinition(String id, Map<String, String> settings) {

    public HomeDefinition {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings)); // in the file's order
    }

    /** Never the values: a home's settings name its token file and may one day hold more. */
    @Override
    public String toString() {
        return "HomeDefinition[id=" + id + ", keys=" + settings.keySet() + "]";
    }
}
