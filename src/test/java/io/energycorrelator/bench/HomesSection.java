package io.energycorrelator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * The "Many homes" section of docs/benchmarks.md (BENCH_ONLY=homes): written between its two markers, below the
 * hand-written marker, so that a full run keeps it; the first time, added at the end.
 */
final class HomesSection {

    static final String BEGIN = "<!-- Many homes: from here to its end marker written by scripts/bench.sh (BENCH_ONLY=homes). -->";
    static final String END = "<!-- Many homes: end of the generated part. -->";
    /** The cycle every home must keep. */
    static final double CYCLE_SECONDS = 60;

    private HomesSection() {
    }

    static void write(Path output, List<HomesBenchmark.Result> results, String influxVersion, String loadBefore, String loadAfter)
            throws IOException {
        String existing = Files.exists(output) ? Files.readString(output) : "";
        String section = BEGIN + "\n" + markdown(results, influxVersion, loadBefore, loadAfter) + END;
        int begin = existing.indexOf(BEGIN);
        int end = existing.indexOf(END);
        String updated = begin >= 0 && end > begin
                ? existing.substring(0, begin) + section + existing.substring(end + END.length())
                : existing + (existing.endsWith("\n") ? "\n" : "\n\n") + section + "\n";
        Files.writeString(output, updated);
    }

    static String markdown(List<HomesBenchmark.Result> results, String influxVersion, String loadBefore, String loadAfter) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder md = new StringBuilder("## Many homes: one replica, 1 to ")
                .append(results.stream().mapToInt(HomesBenchmark.Result::homes).max().orElse(0)).append(" homes (generated)\n\n");
        md.append("- **Date**: ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS)).append("; **machine**: ")
                .append(Machine.describe()).append("\n");
        md.append("- **Load average** (1, 5, 15 min): ").append(loadBefore).append(" at the start, ").append(loadAfter)
                .append(" at the end (the machine is shared: other work ran beside it)\n");
        md.append("- **InfluxDB**: ").append(influxVersion).append(", on the same machine (its CPU counted apart)\n");
        md.append("- **JVM settings** (the Dockerfile's): `").append(DockerfileEnv.javaOpts()).append("`")
                .append(System.getenv().getOrDefault("BENCH_SERVICE_OPTS", "").isBlank() ? ""
                        : " then `" + System.getenv("BENCH_SERVICE_OPTS").trim() + "`").append("\n");
        md.append("- **Command**: `BENCH_ONLY=homes scripts/bench.sh`, in a clean clone of this commit\n\n");
        md.append("Each home has a bucket of its own with a realistic home's data: a 1 Hz meter and state changes of 200 switches\n")
                .append("(seeded per home, so homes differ), from 15 minutes before the start to the end of the run. With I s\n")
                .append("between cycles (column I) the state changes come at ").append(HomesBenchmark.EVENTS_PER_DAY)
                .append(" × 60 / I a day (±1/3 by home), so that a cycle handles what a\n60 s cycle of a home of ")
                .append(HomesBenchmark.EVENTS_PER_DAY).append(" a day handles (about ")
                .append(String.format("%.1f", HomesBenchmark.EVENTS_PER_DAY / 1440.0))
                .append("); the interval sets how long the run takes, not a cycle's work. The packaged service runs with a\n")
                .append("homes file of H homes, `CYCLE_THREADS` = T, `FIRST_CYCLE_DELAY=0`: a first round (start-up: every home's first\n")
                .append("cycle, all due at once) and ").append(HomesBenchmark.WARM_ROUNDS).append(" warm rounds.\n\n")
                .append("- **round (wall)**: from the first home's cycle start to the last one's end; **busy**: the sum of the round's\n")
                .append("  cycle times / T (the round with every home back to back); medians of the warm rounds.\n")
                .append("- **CPU / round**: process CPU time (user + system, /proc) over the warm rounds, per round, idle time between\n")
                .append("  rounds included; InfluxDB's the same for the server's process.\n")
                .append("- **queries, writes / home-cycle**: InfluxDB requests of the warm rounds (`/observe/metrics`) over H × ")
                .append(HomesBenchmark.WARM_ROUNDS).append(";\n  **ms / query**: their mean time as the client saw it. ")
                .append("`/statistics?home=` (`flux_queries_total`, all rounds, first included) agrees.\n")
                .append("- **homes / core**: 60 s / CPU-seconds per home-cycle: how many homes one core keeps at the default cycle,\n")
                .append("  the service alone and with InfluxDB's share.\n\n");
        md.append("| homes | T | I s | start-up s | 1st round s | warm round s (wall) | busy s | cycle ms | CPU/round s (service) | CPU/round s (InfluxDB) "
                + "| peak RSS MB | at rest MB | queries / home-cycle | writes / home-cycle | ms / query | /statistics queries / home | homes / core (service) | homes / core (+InfluxDB) |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HomesBenchmark.Result r : results) {
            if (r.error() != null) {
                md.append("| ").append(r.homes()).append(" | ").append(r.threads()).append(heapNote(r)).append(" | failed: ")
                        .append(r.error().replace("|", "/")).append(" ||||||||||||||||\n");
                continue;
            }
            double service = r.serviceCpuPerHomeCycle();
            double both = service + r.influxCpuPerHomeCycle();
            md.append(String.format("| %,d | %d%s | %d | %.1f | %.2f | %.2f%s | %.2f | %.1f | %.2f | %.2f | %d | %d | %.2f | %.2f | %.1f | %.1f | %,.0f | %,.0f |\n",
                    r.homes(), r.threads(), heapNote(r), r.intervalSeconds(), r.startupSeconds(), r.first().wallSeconds(), r.medianWarmWall(),
                    r.roundsOverlapped() ? " (overlapped)" : "", r.medianWarmBusy(), r.meanCycleMs(), r.serviceCpuPerRound(),
                    r.influxCpuPerRound(), r.peakRssMb(), r.restRssMb(), r.perHomeCycle(r.warmRequests().queries()),
                    r.perHomeCycle(r.warmRequests().writes()), 1000 * r.warmRequests().querySeconds() / r.warmRequests().queries(),
                    r.statisticsQueriesPerHome(), CYCLE_SECONDS / service, CYCLE_SECONDS / both));
        }
        md.append('\n');
        limits(md, results, cores);
        return md.toString();
    }

    private static String heapNote(HomesBenchmark.Result r) {
        return r.heap().isEmpty() ? "" : " (`" + r.heap() + "`)";
    }

    /** Where one replica stops keeping the 60 s cycle, extrapolated from the largest run at each T. */
    private static void limits(StringBuilder md, List<HomesBenchmark.Result> results, int cores) {
        md.append("Where one replica stops keeping a 60 s cycle, extrapolated from the largest run at each T (linear in H: a\n")
                .append("round's work is H cycles of the same size):\n\n");
        results.stream().filter(r -> r.error() == null).map(HomesBenchmark.Result::threads).distinct().sorted().forEach(t -> {
            HomesBenchmark.Result r = results.stream().filter(x -> x.error() == null && x.threads() == t)
                    .max(Comparator.comparingInt(HomesBenchmark.Result::homes)).orElseThrow();
            double cycle = r.meanCycleMs() / 1000.0;
            double wall = CYCLE_SECONDS * t / cycle;
            double service = CYCLE_SECONDS * cores / r.serviceCpuPerHomeCycle();
            double both = CYCLE_SECONDS * cores / (r.serviceCpuPerHomeCycle() + r.influxCpuPerHomeCycle());
            md.append(String.format("- T = %d, from %,d homes: threads: 60 s × %d / %.1f ms a cycle = **%,.0f homes**; CPU, the service alone on"
                            + " %d cores: 60 s × %d / %.2f ms = %,.0f homes; with InfluxDB on the same cores: 60 × %d / %.2f ms = **%,.0f homes**"
                            + " (measured: a warm round of %,d took %.1f s wall).\n",
                    t, r.homes(), t, cycle * 1000, wall, cores, cores, 1000 * r.serviceCpuPerHomeCycle(), service, cores,
                    1000 * (r.serviceCpuPerHomeCycle() + r.influxCpuPerHomeCycle()), both, r.homes(), r.medianWarmWall()));
        });
        md.append('\n');
    }
}
