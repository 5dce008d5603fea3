package io.energycorrelator.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Summarises a JFR recording: where the CPU samples fell, by top frame and by the first frame of our code. */
final class Profile {

    private Profile() {
    }

    static String top(Path recording, int rows) throws IOException {
        return top(recording, rows, Instant.MIN);
    }

    /** Only the samples taken from {@code from} on (e.g. after the first cycle: the warm ones). */
    static String top(Path recording, int rows, Instant from) throws IOException {
        Map<String, Integer> selfFrames = new HashMap<>();
        Map<String, Integer> ourFrames = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty() || event.getStartTime().isBefore(from)) {
                continue;
            }
            samples++;
            var frames = event.getStackTrace().getFrames();
            selfFrames.merge(name(frames.get(0)), 1, Integer::sum);
            frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.energycorrelator")).findFirst()
                    .ifPresent(f -> ourFrames.merge(name(f), 1, Integer::sum));
        }
        int total = samples;
        return "CPU samples: " + total + "\n\nby top frame (self time):\n" + table(selfFrames, total, rows)
                + "\nby the innermost frame of our code on the stack:\n" + table(ourFrames, total, rows);
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static String table(Map<String, Integer> counts, int total, int rows) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .map(e -> String.format("  %5.1f%%  %s%n", e.getValue() * 100.0 / Math.max(1, total), e.getKey()))
                .collect(Collectors.joining());
    }
}
