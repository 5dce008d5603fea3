package io.energycorrelator.config;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The homes one process serves ({@value #KEY}): a YAML file listing each home's id and the settings it sets itself,
 * in the file's order. Unset, there is no homes file and the process is one home, set the usual way.
 * <pre>
 * homes:
 *   - id: flat-12
 *     settings:
 *       correlator.influxdb.bucket: flat12
 *       correlator.influxdb.token-file: /run/secrets/flat12-token
 * </pre>
 * A home may set only the keys of {@link #PER_HOME} (what it reads and where it writes); every other key (the
 * cycle's timing, MQTT, the API key, health, the cluster, backfill, the dashboard, time-outs) is the process's.
 * Anything else stops start-up, naming the file, the home (its id, or its position when it has no valid id) and
 * the key.
 */
public final class HomesFile {

    public static final String KEY = "correlator.homes-file";

    /**
     * The keys a home may set; one ending in {@code .*} stands for every key under it. The InfluxDB token is not
     * among them: a home gives its token by file only ({@code correlator.influxdb.token-file}).
     */
    public static final List<String> PER_HOME = List.of(
            "correlator.influxdb.url", "correlator.influxdb.token-file", "correlator.influxdb.org",
            "correlator.influxdb.bucket", "correlator.min-power-delta-w", "correlator.lookback-minutes",
            "correlator.estimator", "correlator.estimator.*", "correlator.correlation-window-seconds",
            "correlator.domains", "correlator.domains.*", "correlator.profiles.*", "correlator.energy.zone",
            "correlator.energy.device-power-file", "correlator.schema", "correlator.events.*", "correlator.meter.*");

    /** It becomes part of route ids, metric labels and URLs. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** The id of the one home without a homes file, whose routes and beans have the plain names. */
    private static final String DEFAULT_HOME = "default";
    private static final String ID_ALLOWED = "1 to 63 lower-case letters, digits, '_' or '-', the first a letter or"
            + " digit (the id is part of route ids, metric labels and URLs)";
    private static final String FILE_ALLOWED = "a readable YAML file whose list 'homes' names each home's id and"
            + " settings (docs/settings.md)";
    private static final String TOKEN = "correlator.influxdb.token";
    /** A domain added by one line of on-states: a key application.properties need not have. */
    private static final Pattern ON_STATES = Pattern.compile("correlator\\.domains\\.on-states\\.[a-z0-9_]{1,64}");
    /** Where a home reads and writes: two homes on the same would overwrite each other's results. */
    private static final List<String> TARGET = List.of("correlator.influxdb.url", "correlator.influxdb.org",
            "correlator.influxdb.bucket");

    private HomesFile() {
    }

    /** Whether a home may set the key (see {@link #PER_HOME}). */
    public static boolean perHome(String key) {
        return PER_HOME.stream().anyMatch(allowed -> allowed.endsWith(".*")
                ? key.startsWith(allowed.substring(0, allowed.length() - 1)) : key.equals(allowed));
    }

    /**
     * The homes of the file {@code base} names, in the file's order; empty when it names none.
     *
     * @param base the process's settings: where the file is, and the values a home does not set itself
     */
    public static List<HomeDefinition> read(Settings base) {
        Setting setting = base.get(KEY);
        if (!setting.isSet()) {
            return List.of();
        }
        String file = setting.value().get();
        Object yaml = load(setting, file);
        if (!(yaml instanceof Map<?, ?> top) || !(top.get("homes") instanceof List<?> entries)) {
            throw setting.invalid(file, FILE_ALLOWED + "; it has no list 'homes'");
        }
        for (Object key : top.keySet()) {
            if (!"homes".equals(key)) {
                throw setting.invalid(file, FILE_ALLOWED + "; it has the key '" + key + "' beside 'homes'");
            }
        }
        if (entries.isEmpty()) {
            throw setting.invalid(file, FILE_ALLOWED + "; its list 'homes' is empty");
        }
        List<HomeDefinition> homes = new ArrayList<>();
        Map<String, Integer> positionById = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            HomeDefinition home = home(entries.get(i), "home #" + (i + 1) + " in " + file, base);
            Integer first = positionById.putIfAbsent(home.id(), i + 1);
            if (first != null) {
                throw invalid("home #" + (i + 1) + " in " + file, "id = '" + home.id()
                        + "' is not allowed: expected an id no other home has (home #" + first + " has it)");
            }
            homes.add(home);
        }
        refuseSharedBuckets(homes, base, file);
        return List.copyOf(homes);
    }

    private static Object load(Setting setting, String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw setting.invalid(file, FILE_ALLOWED + "; it does not exist");
        } catch (IOException | RuntimeException e) {
            throw setting.invalid(file, FILE_ALLOWED + "; it cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return new Load(LoadSettings.builder().setLabel(file).build()).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            // Only where and what: the parser's snippet of the line could show a secret written by mistake.
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": ")
                    .orElse("");
            throw setting.invalid(file, FILE_ALLOWED + "; it is not YAML (" + where + e.getProblem() + ")");
        } catch (YamlEngineException e) {
            throw setting.invalid(file, FILE_ALLOWED + "; it is not YAML");
        }
    }

    private static HomeDefinition home(Object entry, String position, Settings base) {
        if (!(entry instanceof Map<?, ?> fields)) {
            throw invalid(position, "expected a mapping with an id and its settings");
        }
        Object rawId = fields.get("id");
        if (rawId == null) {
            throw invalid(position, "id is not set: expected " + ID_ALLOWED);
        }
        String id = String.valueOf(rawId);
        if (!(rawId instanceof String) || !ID.matcher(id).matches()) {
            // A number is refused rather than read: YAML reads 012 as 12.
            throw invalid(position, "id = '" + id + "' is not allowed: expected " + ID_ALLOWED
                    + (rawId instanceof String ? "" : ", quoted where it is a number"));
        }
        if (DEFAULT_HOME.equals(id)) {
            throw invalid(position, "id = '" + id + "' is not allowed: it names the one home of a service without a homes file");
        }
        String home = "home " + id + position.substring(position.indexOf(" in "));
        for (Object key : fields.keySet()) {
            if (!"id".equals(key) && !"settings".equals(key)) {
                throw invalid(home, "key '" + key + "' is not allowed: a home has only id and settings");
            }
        }
        Object rawSettings = fields.get("settings");
        if (rawSettings == null) {
            return new HomeDefinition(id, Map.of()); // the process's settings throughout
        }
        if (!(rawSettings instanceof Map<?, ?> entries)) {
            throw invalid(home, "settings is not allowed: expected a mapping of keys of application.properties to values");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<?, ?> setting : entries.entrySet()) {
            String key = String.valueOf(setting.getKey());
            check(key, home, base);
            Object value = setting.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw invalid(home, key + " has no single value: expected a string, a number or a boolean");
            }
            settings.put(key, String.valueOf(value));
        }
        return new HomeDefinition(id, settings);
    }

    private static void check(String key, String home, Settings base) {
        if (key.equals(TOKEN)) {
            throw invalid(home, TOKEN + " is not allowed in the homes file (a secret is given by file only): set"
                    + " correlator.influxdb.token-file to the path of a file holding the token");
        }
        if (!perHome(key)) {
            throw invalid(home, key + " is not a key a home may set (it is the process's, the same for every home):"
                    + " a home may set " + String.join(", ", PER_HOME) + " (docs/settings.md)");
        }
        if (!base.declares(key) && !ON_STATES.matcher(key).matches()) {
            throw invalid(home, key + " is not a key of application.properties (docs/settings.md)");
        }
    }

    /** Each home's correlations, watermark and profiles live in its bucket: two homes there would mix them. */
    private static void refuseSharedBuckets(List<HomeDefinition> homes, Settings base, String file) {
        Map<List<String>, String> homeByTarget = new HashMap<>();
        for (HomeDefinition home : homes) {
            Settings settings = base.forHome(home);
            List<String> target = TARGET.stream()
                    .map(key -> settings.get(key).value().orElse(""))
                    .toList();
            // The same server however its URL ends; user info (refused later anyway) never shown.
            target = List.of(target.get(0).replaceAll("/+$", "").replaceAll("//[^/@]*@", "//***@"), target.get(1), target.get(2));
            String other = homeByTarget.putIfAbsent(target, home.id());
            if (other != null) {
                throw new InvalidSettingException("Invalid configuration: homes " + other + " and " + home.id() + " in "
                        + file + " both write to bucket '" + target.get(2) + "' of org '" + target.get(1) + "' at "
                        + target.get(0) + ": expected each home's own correlator.influxdb.bucket (a home's correlations,"
                        + " watermark and profiles live there: two homes would overwrite each other's)");
            }
        }
    }

    private static InvalidSettingException invalid(String home, String problem) {
        return new InvalidSettingException("Invalid configuration: " + home + ": " + problem);
    }
}
