package io.energycorrelator.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real ZooKeeper server (standalone) on loopback, started by {@code scripts/zookeeper.sh start} (which fetches the
 * server's jars from Maven Central once). {@code --watch-pid} makes the server go when this JVM goes, however it ends.
 * A test may stop its process and start it again on the same port with the same data (an outage of ZooKeeper).
 */
public final class ZooKeeperServer implements AutoCloseable {

    private final String connectString;
    private final Path dataDir;

    private ZooKeeperServer(String connectString, Path dataDir) {
        this.connectString = connectString;
        this.dataDir = dataDir;
    }

    public static ZooKeeperServer start() throws IOException, InterruptedException {
        Map<String, String> vars = run("start", "--watch-pid", Long.toString(ProcessHandle.current().pid()));
        return new ZooKeeperServer(vars.get("CLUSTER_ZOOKEEPER"), Path.of(vars.get("ZOOKEEPER_DATA_DIR")));
    }

    /** What CLUSTER_ZOOKEEPER is set to: 127.0.0.1:port. */
    public String connectString() {
        return connectString;
    }

    /** Ends the server's process (SIGKILL: an outage, not a clean stop); its data stays for {@link #restart()}. */
    public void kill() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(dataDir.resolve("zookeeper.pid")).trim());
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    /** Starts the killed server again: same port, same data. */
    public void restart() throws IOException, InterruptedException {
        run("restart", "--data-dir", dataDir.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("bash", script().toString(), "stop", "--data-dir", dataDir.toString())
                .inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    private static Map<String, String> run(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 2];
        command[0] = "bash";
        command[1] = script().toString();
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT) // the fetch's and the server's errors go to the test log
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("scripts/zookeeper.sh " + arguments[0] + " failed (exit " + process.exitValue()
                    + "); see its messages above");
        }
        Map<String, String> vars = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return vars;
    }

    private static Path script() {
        Path base = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        Path script = base.resolve("scripts/zookeeper.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("scripts/zookeeper.sh not found under " + base);
        }
        return script;
    }
}
