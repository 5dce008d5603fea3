package io.energycorrelator.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the service logs while a test runs, line by line as "LEVEL logger - message": the service logs through
 * slf4j-simple to standard output, so this reads standard output (still passing it on) from {@link #capture()}
 * until {@link #close()}. A line that is not a log line's start (a stack trace) belongs to the one before.
 */
public final class LogLines implements AutoCloseable {

    /** slf4j-simple's layout (simplelogger.properties): time, [thread], level, logger - message. */
    private static final Pattern LOG_LINE = Pattern.compile("^[0-9:. -]+ \\[.*?\\] (TRACE|DEBUG|INFO|WARN|ERROR) (.*)$");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final PrintStream original;

    private LogLines(PrintStream original) {
        this.original = original;
    }

    public static synchronized LogLines capture() {
        LogLines log = new LogLines(System.out);
        System.setOut(new PrintStream(new Tee(log), true, StandardCharsets.UTF_8));
        return log;
    }

    private void add(String text) {
        Matcher line = LOG_LINE.matcher(text);
        if (line.matches()) {
            lines.add(line.group(1) + " " + line.group(2));
        } else if (!lines.isEmpty()) {
            int last = lines.size() - 1;
            lines.set(last, lines.get(last) + "\n" + text);
        }
    }

    /** Every line so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines at the given level (e.g. "ERROR") so far. */
    public List<String> at(String level) {
        return lines.stream().filter(l -> l.startsWith(level + " ")).toList();
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }

    /** Passes every byte on to the original standard output, and each complete line to the capture. */
    private static final class Tee extends OutputStream {

        private final LogLines log;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(LogLines log) {
            this.log = log;
        }

        @Override
        public synchronized void write(int b) {
            log.original.write(b);
            if (b == '\n') {
                log.add(line.toString(StandardCharsets.UTF_8).stripTrailing());
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public void flush() {
            log.original.flush();
        }
    }
}
