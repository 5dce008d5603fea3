package io.energycorrelator.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker on loopback that accepts one user, started by {@code scripts/mosquitto.sh start}
 * (which installs Mosquitto with apt-get when it is missing). {@code --watch-pid} makes the broker go when
 * this JVM goes, however it ends.
 */
public final class MosquittoBroker implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final String user;
    private final String password;

    private MosquittoBroker(int port, Path dir, String user, String password) {
        this.port = port;
        this.dir = dir;
        this.user = user;
        this.password = password;
    }

    /** A broker on the given loopback port, e.g. one a service has been told about while it was down. */
    public static MosquittoBroker start(int port, String user, String password) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", script().toString(), "start", "--port", Integer.toString(port),
                "--user", user, "--password", password, "--watch-pid", Long.toString(ProcessHandle.current().pid()))
                .redirectError(ProcessBuilder.Redirect.INHERIT) // installation progress and errors go to the test log
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("scripts/mosquitto.sh start failed (exit " + process.exitValue() + "); see its messages above");
        }
        Map<String, String> vars = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new MosquittoBroker(Integer.parseInt(vars.get("MQTT_PORT")), Path.of(vars.get("MQTT_DIR")), user, password);
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("bash", script().toString(), "stop", "--dir", dir.toString())
                .inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    private static Path script() {
        Path base = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        Path script = base.resolve("scripts/mosquitto.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("scripts/mosquitto.sh not found under " + base);
        }
        return script;
    }
}
