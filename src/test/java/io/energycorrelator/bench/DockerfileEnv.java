package io.energycorrelator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ENV settings of the Dockerfile (KEY=value or KEY="value"), so the benchmark starts the service as the image does. */
final class DockerfileEnv {

    private static final Pattern ENV = Pattern.compile("^ENV\\s+(\\w+)=(?:\"([^\"]*)\"|(\\S+))\\s*$");

    private DockerfileEnv() {
    }

    /** The Dockerfile's JAVA_OPTS, as written. */
    static String javaOpts() throws IOException {
        return read(Path.of("Dockerfile")).getOrDefault("JAVA_OPTS", "");
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
