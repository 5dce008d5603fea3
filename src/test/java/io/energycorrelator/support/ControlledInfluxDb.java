package io.energycorrelator.support;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.Organization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real InfluxDB server of one test's own, whose process the test ends, pauses and starts again (on the same
 * port, with the same data), for the service's behaviour through an outage or a hang; unlike the shared
 * {@link InfluxDbServer}, which every other test uses. Started by {@code scripts/influxdb.sh start} with
 * {@code --watch-pid} (it goes when this JVM goes, however it ends), restarted by {@code restart}.
 */
public final class ControlledInfluxDb implements InfluxDb, AutoCloseable {

    private final String url;
    private final String token;
    private final String org;
    private final Path dataDir;
    private final boolean v18;
    private volatile long pid;

    private ControlledInfluxDb(Map<String, String> vars, boolean v18) {
        this.url = vars.get("INFLUXDB_URL");
        this.token = vars.get("INFLUXDB_TOKEN");
        this.org = vars.get("INFLUXDB_ORG");
        this.dataDir = Path.of(vars.get("INFLUXDB_DATA_DIR"));
        this.pid = Long.parseLong(vars.get("INFLUXDB_PID"));
        this.v18 = v18;
    }

    public static ControlledInfluxDb start() throws IOException, InterruptedException {
        return start("2");
    }

    /** A server of that version: "2" or "1.8" (the Home Assistant OS add-on's). */
    public static ControlledInfluxDb start(String version) throws IOException, InterruptedException {
        return new ControlledInfluxDb(script("start", "--version", version, "--watch-pid", Long.toString(ProcessHandle.current().pid())),
                version.equals("1.8"));
    }

    /**
     * A new bucket on this server, with an all-access client; closing it deletes it (the server must be up). On 1.8
     * a database of that name, as bucket "name/autogen".
     */
    public TestBucket createBucket(String name) {
        InfluxDBClient admin = InfluxDBClientFactory.create(url, token.toCharArray(), org);
        if (v18) {
            InfluxQl.createDatabase(this, name);
            return new TestBucket(this, name + "/autogen", name, admin);
        }
        Organization organization = admin.getOrganizationsApi().findOrganizations().stream()
                .filter(o -> o.getName().equals(org)).findFirst().orElseThrow();
        Bucket bucket = admin.getBucketsApi().createBucket(name, organization);
        return new TestBucket(this, name, bucket.getId(), admin);
    }

    /** Ends the server's process (SIGTERM, SIGKILL if it lingers) and waits until it is gone. */
    public void stop() throws InterruptedException {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("influxd is not running"));
        process.destroy();
        try {
            process.onExit().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** Starts the stopped server again: same port, same data. */
    public void restart() throws IOException, InterruptedException {
        pid = Long.parseLong(script("restart", "--data-dir", dataDir.toString()).get("INFLUXDB_PID"));
    }

    /** SIGSTOP: the process stays, its port accepts connections, nothing answers: a hung InfluxDB. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the paused server carries on with whatever it had been sent. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid + " failed");
        }
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String org() {
        return org;
    }

    @Override
    public boolean v18() {
        return v18;
    }

    /** Stops the server and removes its data. */
    @Override
    public void close() throws IOException, InterruptedException {
        script("stop", "--data-dir", dataDir.toString());
    }

    private static Map<String, String> script(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = InfluxDbServer.script().toString();
        System.arraycopy(args, 0, command, 2, args.length);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("scripts/influxdb.sh " + String.join(" ", args) + " failed (exit " + process.exitValue() + ")");
        }
        Map<String, String> vars = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return vars;
    }
}
