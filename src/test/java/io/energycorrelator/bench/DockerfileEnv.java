package io.energycorrelator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ENV settings of the Dockerfile (KEY=value or KEY="value"), so the benchmark starts the service as the image does. */
public final class DockerfileEnv {

    private static final Pattern ENV = Pattern.compile("^ENV\\s+(\\w+)=(?:\"([^\"]*)\"|(\\S+))\\s*$");

    private DockerfileEnv() {
    }

    /** The Dockerfile's JAVA_OPTS, as written. */
    static String javaOpts() throws IOException {
        return read(Path.of("Dockerfile")).getOrDefault("JAVA_OPTS", "");
    }

    /**
     * The Dockerfile's JAVA_OPTS as flags for a JVM started from the project directory: the image's files are in
     * its working directory, the build's under target/.
     */
    public static List<String> javaFlags() throws IOException {
        List<String> flags = new ArrayList<>();
        for (String flag : javaOpts().trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                flags.add(flag.replace("=energy-correlator.", "=target/energy-correlator."));
            }
        }
        return flags;
    }

    static Map<String, String> read(Path dockerfile) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dockerfile)) {
            Matcher m = ENV.matcher(line);
            if (m.matches()) {
                env.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
            }
        }
        return env;
    }
}
