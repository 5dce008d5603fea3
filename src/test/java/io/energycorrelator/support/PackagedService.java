package io.energycorrelator.support;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code java -jar target/energy-correlator.jar}) as a process of its own, started from
 * the project directory with the given environment, so that a test can end it as an operator or the kernel
 * would: SIGTERM, or SIGKILL in the middle of its work. Its output (stdout and stderr) goes to a file.
 */
public final class PackagedService implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final ApiClient api;
    /** Ends the process if the test JVM ends first (a test that failed before its close, or a fork cut off). */
    private final Thread killOnExit;

    private PackagedService(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.api = new ApiClient(port);
        this.killOnExit = new Thread(process::destroyForcibly, "kill-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Environment variables for the bucket, as an operator would set them (the token as a variable). */
    public static Map<String, String> environmentFor(TestBucket bucket) {
        return new java.util.LinkedHashMap<>(Map.of("INFLUXDB_URL", bucket.url(), "INFLUXDB_TOKEN", bucket.token(),
                "INFLUXDB_ORG", bucket.org(), "INFLUXDB_BUCKET", bucket.name(), "CORRELATOR_ESTIMATOR", "nearest"));
    }

    /** Starts the jar on a free port and waits until its routes run (GET /health no longer 503 "starting"). */
    public static PackagedService start(Map<String, String> environment) throws IOException, InterruptedException {
        return start(environment, List.of());
    }

    /** The same, with JVM flags before {@code -jar} (e.g. the Dockerfile's JAVA_OPTS). */
    public static PackagedService start(Map<String, String> environment, List<String> jvmFlags)
            throws IOException, InterruptedException {
        int port = RunningService.freePort();
        Path output = Files.createTempFile("energy-correlator-", ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", "target/energy-correlator.jar"));
        ProcessBuilder java = new ProcessBuilder(command)
                .directory(projectDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        java.environment().putAll(environment);
        java.environment().put("HTTP_PORT", Integer.toString(port));
        java.environment().put("HTTP_HOST", "127.0.0.1");
        PackagedService service = new PackagedService(java.start(), output, port);
        try {
            service.awaitRoutesRunning();
        } catch (RuntimeException | IOException | InterruptedException e) {
            service.close(); // a service that did not start is no caller's to close: it must not outlive the test
            throw e;
        }
        return service;
    }

    private void awaitRoutesRunning() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service ended during start-up:\n" + output());
            }
            try {
                ApiClient.Response health = api.get("/health");
                if (!health.body().contains("\"status\":\"starting\"") || health.status() != 503) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port is not open yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the service did not start within 60 s:\n" + output());
    }

    public ApiClient api() {
        return api;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the process ends at once, whatever it was doing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGKILL while one of the routes has an exchange in flight (its JMX attribute ExchangesInflight, read through the
     * process's local management agent): between a cycle's read and the end of its write. Returns that route's id.
     */
    public String killInsideAnExchangeOf(List<String> routeIds) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid()));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        try {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            List<ObjectName> routes = new ArrayList<>();
            for (String routeId : routeIds) {
                routes.add(new ObjectName("org.apache.camel:context=energy-correlator,type=routes,name=\"" + routeId + "\""));
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (int i = 0; i < routes.size(); i++) {
                    if (((Number) jmx.getAttribute(routes.get(i), "ExchangesInflight")).intValue() > 0) {
                        kill();
                        return routeIds.get(i);
                    }
                }
            }
            throw new AssertionError("no exchange in flight on " + routeIds + " within 30 s");
        } finally {
            try {
                connector.close();
            } catch (IOException peerGone) {
                // closing asks the killed process, which cannot answer: nothing is left open on this side
            }
        }
    }

    /** SIGTERM, as {@code docker stop} or systemd sends it; returns the exit code once the process has ended. */
    public int terminate(long timeoutSeconds) throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the service did not end within " + timeoutSeconds + " s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything it has printed so far. */
    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    public List<String> outputLines() throws IOException {
        return output().lines().toList();
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is already shutting down: the hook runs anyway
        }
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(output);
    }

    static Path projectDirectory() {
        return Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
