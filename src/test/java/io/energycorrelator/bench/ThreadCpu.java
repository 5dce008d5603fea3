package io.energycorrelator.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time used by a process's threads, grouped by what they do (from /proc/PID/task/TID/stat, no profiler):
 * the difference of two snapshots says which threads a stretch of work kept busy.
 */
final class ThreadCpu {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ThreadCpu() {
    }

    /** Milliseconds of CPU (user + system) by thread ("group/id"). */
    static Map<String, Long> snapshot(long pid) {
        Map<String, Long> byThread = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                byThread.put(group(name) + "/" + task.getFileName(), Math.round(ticks * 1000 / TICKS_PER_SECOND));
            }
        } catch (IOException gone) {
            // the process ended
        }
        return byThread;
    }

    /**
     * CPU spent between two snapshots, by thread group: each thread's own difference (a thread that ended in
     * between is left out; one that started counts whole).
     */
    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> spent = new TreeMap<>();
        after.forEach((thread, ms) -> spent.merge(thread.substring(0, thread.lastIndexOf('/')),
                ms - before.getOrDefault(thread, 0L), Long::sum));
        return spent;
    }

    /** Thread names are cut to 15 characters by the kernel: enough to tell the kinds apart. */
    private static String group(String name) {
        if (name.startsWith("C2 Compiler") || name.startsWith("C1 Compiler")) {
            return "JIT compiler";
        }
        if (name.startsWith("VM Thread") || name.startsWith("GC ") || name.startsWith("G1 ")) {
            return "GC and VM";
        }
        if (name.startsWith("Camel")) {
            return "Camel (routing)";
        }
        if (name.startsWith("OkHttp")) {
            return "HTTP client";
        }
        if (name.equals("java") || name.equals("main")) {
            return "main";
        }
        return "other";
    }
}
