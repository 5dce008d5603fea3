package io.energycorrelator.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's settings: each key's value as Camel's properties component resolves it, and its environment
 * variable from the {@code {{env:NAME:default}}} that application.properties writes for it (as the properties
 * component loaded it, unresolved), so that a message can name it. {@link #forHome} gives one home's view: the
 * keys the home sets with the home's values (and messages naming the home), every other key as here.
 */
public final class Settings {

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)[:}]");

    private final Function<String, Optional<String>> values;
    private final Map<String, String> environmentByKey;
    /** The keys a home sets, with its values; empty for the process's own settings. */
    private final Map<String, String> home;
    /** "home ID in FILE", which a message about a key in {@link #home} names; null for the process's settings. */
    private final String homeName;

    /**
     * @param values           the resolved value of a key, empty when unset
     * @param environmentByKey the environment variable of each key (see {@link #environmentVariables})
     */
    public Settings(Function<String, Optional<String>> values, Map<String, String> environmentByKey) {
        this(values, environmentByKey, Map.of(), null);
    }

    private Settings(Function<String, Optional<String>> values, Map<String, String> environmentByKey,
            Map<String, String> home, String homeName) {
        this.values = values;
        this.environmentByKey = environmentByKey;
        this.home = home;
        this.homeName = homeName;
    }

    /**
     * One home's settings: a key the home sets has the home's value, and a message about it names the home and
     * the homes file instead of the environment variable; every other key is this process's.
     */
    public Settings forHome(HomeDefinition definition) {
        String name = "home " + definition.id() + get(HomesFile.KEY).value().map(file -> " in " + file).orElse("");
        return new Settings(values, environmentByKey, definition.settings(), name);
    }

    /** Whether application.properties has the key (it names an environment variable for it). */
    public boolean declares(String key) {
        return environmentByKey.containsKey(key);
    }

    /** key → NAME for every raw value written {@code {{env:NAME:default}}}. */
    public static Map<String, String> environmentVariables(Map<?, ?> rawProperties) {
        Map<String, String> names = new HashMap<>();
        // By entrySet(): Camel's ordered Properties keep their entries there, not where Map.forEach looks.
        for (Map.Entry<?, ?> entry : rawProperties.entrySet()) {
            Matcher m = ENV_PLACEHOLDER.matcher(String.valueOf(entry.getValue()));
            if (m.find()) {
                names.put(String.valueOf(entry.getKey()), m.group(1));
            }
        }
        return names;
    }

    public Setting get(String key) {
        String environment = environmentByKey.getOrDefault(key, "none");
        if (home.containsKey(key)) {
            return new Setting(key, Optional.ofNullable(home.get(key)), environment, homeName);
        }
        return new Setting(key, values.apply(key), environment);
    }

    /**
     * A secret given directly ({@code directKey}) or as the path of a file holding it ({@code fileKey}); the
     * secret itself never appears in a message.
     *
     * @param required        whether one of the two must be set; when not, an unset pair gives empty
     * @param emptyFileIsNone whether an empty file means "none" (a secret file Docker Compose declares whether or
     *                        not it is needed: docker-compose.yml's MQTT password) rather than a mistake
     */
    public Optional<String> secret(String directKey, String fileKey, String what, boolean required, boolean emptyFileIsNone) {
        Setting direct = get(directKey);
        Setting file = get(fileKey);
        // A home that names its own file means its own secret, not the one the process was given directly.
        boolean ownFile = file.isSet() && file.home() != null && direct.home() == null;
        if (direct.isSet() && !ownFile) {
            return direct.value();
        }
        if (!file.isSet()) {
            if (!required) {
                return Optional.empty();
            }
            throw new InvalidSettingException("Invalid configuration: " + direct.named() + " or " + file.named()
                    + " must be set: " + what + ", or the path of a file holding it");
        }
        String path = file.value().get();
        String secret;
        try {
            secret = Files.readString(Path.of(path), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            throw file.invalid(path, "a readable file holding a non-empty " + what);
        }
        if (secret.isEmpty() && !emptyFileIsNone) {
            throw file.invalid(path, "a readable file holding a non-empty " + what);
        }
        return Optional.of(secret).filter(s -> !s.isEmpty());
    }
}
