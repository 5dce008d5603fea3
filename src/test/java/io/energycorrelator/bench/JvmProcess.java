package io.energycorrelator.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started the way the Dockerfile starts the service (its JAVA_OPTS and its other ENV settings), for the
 * service or the plain-Java reference: the benchmark waits for the cycles it logs, reads its peak RSS, ends it.
 */
final class JvmProcess implements AutoCloseable {

    /** The line the route logs after each cycle (and the plain-Java reference prints alike). */
    private static final Pattern CYCLE = Pattern.compile("done in (\\d+) ms: (\\d+) state changes, (\\d+) correlations written");

    /** One cycle as logged; {@code sinceLaunchMillis}: from the process's launch to the line's appearing. */
    record CycleLine(long millis, long events, long written, long sinceLaunchMillis) {
    }

    private final Process process;
    private final Path log;
    private final long launchedNanos;
    private final List<CycleLine> cycles = new ArrayList<>();
    private long readOffset;
    private final StringBuilder partial = new StringBuilder();

    private JvmProcess(Process process, Path log, long launchedNanos) {
        this.process = process;
        this.log = log;
        this.launchedNanos = launchedNanos;
    }

    /**
     * @param extraFlags JVM flags after the Dockerfile's (e.g. a flight recording)
     * @param target     what follows the flags: {@code -jar ...} or {@code -cp ... Main args}
     */
    static JvmProcess start(Path log, List<String> extraFlags, List<String> target, Map<String, String> env) throws IOException {
        Map<String, String> dockerEnv = DockerfileEnv.read(Path.of("Dockerfile"));
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(DockerfileEnv.javaFlags());
        command.addAll(extraFlags);
        command.addAll(target);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        dockerEnv.forEach((key, value) -> {
            if (!key.equals("JAVA_OPTS")) {
                builder.environment().put(key, value);
            }
        });
        builder.environment().putAll(env);
        Files.deleteIfExists(log);
        long launched = System.nanoTime();
        return new JvmProcess(builder.start(), log, launched);
    }

    long pid() {
        return process.pid();
    }

    /** Whether the process still runs (its /proc figures can be read). */
    boolean isAliveQuietly() {
        return process.isAlive();
    }

    /** Waits until the process has logged {@code count} cycles; fails when it ends or takes longer than {@code timeout}. */
    List<CycleLine> awaitCycles(int count, Duration timeout) throws IOException, InterruptedException {
        return List.copyOf(await(c -> c.size() >= count, timeout).subList(0, count));
    }

    /** Waits until the cycles logged so far have handled {@code total} state changes. */
    List<CycleLine> awaitEvents(long total, Duration timeout) throws IOException, InterruptedException {
        return List.copyOf(await(c -> c.stream().mapToLong(CycleLine::events).sum() >= total, timeout));
    }

    private List<CycleLine> await(Predicate<List<CycleLine>> done, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            readNewLines();
            if (done.test(cycles)) {
                return cycles;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("after " + cycles.size() + " cycles the process "
                        + (process.isAlive() ? "took too long" : "ended") + "; its log: " + log);
            }
            Thread.sleep(10);
        }
    }

    private void readNewLines() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= readOffset) {
                return;
            }
            byte[] bytes = new byte[(int) (file.length() - readOffset)];
            file.seek(readOffset);
            file.readFully(bytes);
            readOffset += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
        }
        long now = (System.nanoTime() - launchedNanos) / 1_000_000;
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            Matcher m = CYCLE.matcher(partial.substring(0, newline));
            if (m.find()) {
                cycles.add(new CycleLine(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), now));
            }
            partial.delete(0, newline + 1);
        }
    }

    /** The process's resident set now (VmRSS), in MB. */
    long rssMb() throws IOException {
        return statusKb("VmRSS:") / 1024;
    }

    /** The process's peak resident set so far (VmHWM), in MB. */
    long peakRssMb() throws IOException {
        return statusKb("VmHWM:") / 1024;
    }

    private long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + process.pid() + "/status");
    }

    boolean logContains(String text) throws IOException {
        return Files.readString(log).contains(text);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        // A JVM collecting back to back (out of heap in all but name) may not get to its exit: then kill it.
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
