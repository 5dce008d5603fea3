package io.energycorrelator.config;

import io.energycorrelator.devices.profile.ConfiguredPower;
import io.energycorrelator.devices.profile.ConfiguredPowers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The devices' configured power ({@value #KEY}): one line per entity, {@code <entity_id> <power W> [<standby_power W>]}
 * (the two figures a Powercalc user sets as {@code fixed: power} and {@code standby_power}; standby 0 W when left
 * out), separated by spaces; blank lines and lines starting with {@code #} are ignored. An absent file configures
 * nothing. A line that is not such a line stops start-up, naming the key and the line.
 */
public final class DevicePowerFile {

    static final String KEY = "correlator.energy.device-power-file";
    /** The most watts a figure may say: no household device draws more. */
    static final double MAX_WATTS = 100_000;
    private static final Pattern ENTITY_ID = Pattern.compile("[a-z0-9_]+\\.[a-z0-9_]+");
    private static final String LINE = "lines '<entity_id> <power W> [<standby_power W>]' (e.g. 'switch.kettle 2000 0.5'), "
            + "an entity id at most once, watts from 0 to " + (long) MAX_WATTS + ", standby no more than power";

    private DevicePowerFile() {
    }

    public static ConfiguredPowers read(Settings r) {
        String file = r.get(KEY).required("the path of the device power file (it may be absent)");
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return ConfiguredPowers.NONE;
        } catch (IOException | RuntimeException e) {
            throw r.get(KEY).invalid(file, "a readable file of " + LINE);
        }
        Map<String, ConfiguredPower> powers = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            ConfiguredPower power = parts.length < 2 || parts.length > 3 || !ENTITY_ID.matcher(parts[0]).matches()
                    || powers.containsKey(parts[0]) ? null
                    : power(parts[1], parts.length == 3 ? parts[2] : "0");
            if (power == null) {
                throw r.get(KEY).invalid(file + "' line " + (i + 1) + " '" + line, LINE);
            }
            powers.put(parts[0], power);
        }
        return new ConfiguredPowers(powers);
    }

    /** The figures, or null when either is not a number of watts or standby is more than power. */
    private static ConfiguredPower power(String on, String standby) {
        try {
            double onW = Double.parseDouble(on);
            double standbyW = Double.parseDouble(standby);
            boolean watts = onW >= 0 && onW <= MAX_WATTS && standbyW >= 0 && standbyW <= onW;
            return watts ? new ConfiguredPower(onW, standbyW) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
