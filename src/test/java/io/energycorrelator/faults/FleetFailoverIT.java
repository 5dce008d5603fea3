package io.energycorrelator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.cluster.Shards;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.TestBucket;
import io.energycorrelator.support.ZooKeeperExtension;
import io.energycorrelator.support.ZooKeeperServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;


import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet: the packaged service three times (replicas a, b and c) on one real ZooKeeper and one real InfluxDB, serving
 * the same homes file of {@value #HOMES} homes (each its own bucket with a backlog of its own) spread over
 * {@value #SHARDS} shards, three homes each. The replicas start one after the other, with CLUSTER_SHARDS chosen so
 * that who leads what, and who is next in line, is known: a leads shards 0, 1 and 2, b leads 3 and is next for 0, c
 * is last in line everywhere. The replica leading the most shards (a) is killed (SIGKILL) while one of its homes has
 * a cycle in flight; its shards go to the next in line (0 to b; 1 and 2 to c, b being no candidate there), shard 3
 * stays with b, and every home's output (its correlations and its device profiles) is point by point what one
 * process serving the same homes file writes.
 * <p>
 * A guard asks every replica's GET /homes (each home's role, its shard's leadership there) every 150 ms throughout:
 * never two leaders of a shard; once every shard has been led, only the killed replica's shards are ever seen led by
 * none, for no longer than the takeover limit; each shard's leaders in order are exactly the expected.
 */
@ExtendWith({InfluxDbExtension.class, ZooKeeperExtension.class})
class FleetFailoverIT {

    /**
     * 12 in the build; the benchmark's run of the same test takes more ({@code -Dfleet.homes=32}, docs/benchmarks.md),
     * a multiple of the shards.
     */
    private static final int HOMES = Integer.getInteger("fleet.homes", 12);
    private static final int SHARDS = 4;
    /** State changes per home: a backlog of about two hours, 5 a cycle, a cycle a second: some 40 cycles a home. */
    private static final int EVENTS = 200;
    private static final int SESSION_TIMEOUT_SECONDS = 4;
    private static final int FIRST_CYCLE_DELAY_SECONDS = 1;
    /** As PairFailoverIT's: the session timeout, the first-cycle delay and 5 s. */
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(SESSION_TIMEOUT_SECONDS + FIRST_CYCLE_DELAY_SECONDS + 5);
    /**
     * Each moved home's first cycle: the takeover limit and 5 s, as a new leader starts the moved homes' cycles at once
     * and they queue on CYCLE_THREADS (2) threads, a first cycle of a term (watermark, late rows and profiles read back)
     * taking about a second here: 6 homes moved to one replica, some 3 s (measured: at most 8.8 s from the kill).
     */
    private static final Duration FIRST_CYCLES_LIMIT = TAKEOVER_LIMIT.plusSeconds(5L * HOMES / 12); // in proportion, with more homes
    private static final Duration DAY = Duration.ofDays(1);

    /** Home ids, as many to each shard (the first such ids in the order flat-1, flat-2, …), in the homes file's order. */
    private static final List<String> IDS = homeIds();

    @Test
    void theBusiestReplicaKilledMidRoundEveryHomeWritesAsOneProcess(TestBucket base,
            ZooKeeperServer zookeeper, @TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, TestBucket> reference = new LinkedHashMap<>();
        Map<String, TestBucket> fleet = new LinkedHashMap<>();
        try {
            for (int h = 0; h < HOMES; h++) {
                String id = IDS.get(h);
                List<String> lines = homeData(h, now);
                reference.put(id, base.sibling("-ref-" + id, DAY));
                fleet.put(id, base.sibling("-" + id, DAY));
                reference.get(id).writeAll(lines);
                fleet.get(id).writeAll(lines);
            }

            // the reference: one process, the same homes (on buckets of their own), the same settings
            Map<String, List<String>> expected = new LinkedHashMap<>();
            Map<String, List<String>> expectedProfiles = new LinkedHashMap<>();
            long referenceStart = System.nanoTime();
            try (PackagedService single = PackagedService.start(environment(base, homesFile(dir, "reference", reference)))) {
                for (String id : IDS) {
                    single.api().await("/statistics?home=" + id, s -> s.get("total_events_processed").asLong() >= EVENTS, 180);
                    JsonNode statistics = single.api().get("/statistics?home=" + id).json();
                    assertThat(statistics.get("role").asText()).isEqualTo("single");
                    assertThat(statistics.get("total_events_processed").asLong()).isEqualTo(EVENTS);
                }
            }
            Duration referenceRun = Duration.ofNanos(System.nanoTime() - referenceStart);
            for (int h = 0; h < HOMES; h++) {
                String id = IDS.get(h);
                expected.put(id, reference.get(id).correlationLines());
                expectedProfiles.put(id, profileLines(reference.get(id)));
                assertThat(expected.get(id)).as("home %s alone", id).hasSize(written(h));
                assertThat(expectedProfiles.get(id)).as("profiles of home %s alone", id).hasSize(15);
            }
            int total = expected.values().stream().mapToInt(List::size).sum();

            // the fleet
            Path fleetHomes = homesFile(dir, "fleet", fleet);
            Guard guard = new Guard();
            long fleetStart = System.nanoTime();
            try (Replicas replicas = new Replicas()) {
                guard.watch(replicas);
                // a leads 0, 1 and 2; b leads 3 and is next in line for 0; c is last in line for every shard
                replicas.start("a", "0,1,2", base, zookeeper, fleetHomes);
                guard.await(Duration.ofSeconds(30), Map.of(0, List.of("a"), 1, List.of("a"), 2, List.of("a"), 3, List.of()));
                replicas.start("b", "0,3", base, zookeeper, fleetHomes);
                guard.await(Duration.ofSeconds(30), Map.of(0, List.of("a"), 1, List.of("a"), 2, List.of("a"), 3, List.of("b")));
                replicas.start("c", "", base, zookeeper, fleetHomes);
                Map<Integer, String> leaders = guard.awaitEveryShardLed(Duration.ofSeconds(30));
                assertThat(leaders).isEqualTo(Map.of(0, "a", 1, "a", 2, "a", 3, "b"));
                long pointsAtKill = awaitPoints(fleet, total / 4);
                leaders = guard.current();
                String victim = mostShards(leaders);
                Set<Integer> victimShards = shardsOf(leaders, victim);
                List<String> unfinished = victimHomesUnfinished(fleet, expected, victimShards);
                guard.killing(victim);
                String home = killInsideACycle(replicas.get(victim), homesOf(victimShards));
                Instant killed = Instant.now();
                long killedNanos = System.nanoTime();
                Map<Integer, String> after = guard.awaitTakeover(victimShards, TAKEOVER_LIMIT.plusSeconds(20));
                Duration takeover = Duration.ofNanos(System.nanoTime() - killedNanos);
                Map<String, Duration> firstCycles = awaitFirstCycles(replicas, after, victimShards, killed);
                Duration lastFirstCycle = Collections.max(firstCycles.values());
                System.out.printf("FleetFailoverIT: shards led %s; killed %s (shards %s) in a cycle of %s, %d of %d correlations"
                        + " written, %d of its %d homes unfinished; shards led %s %.1f s later (observed); the moved homes'"
                        + " first cycles after %s s%n", leaders, victim, victimShards, home, pointsAtKill, total,
                        unfinished.size(), homesOf(victimShards).size(), after, takeover.toMillis() / 1000.0,
                        firstCycles.values().stream().map(d -> String.format("%.1f", d.toMillis() / 1000.0)).toList());
                assertThat(victim).isEqualTo("a");
                assertThat(unfinished).as("the victim's homes with output still to write at the kill").isNotEmpty();
                assertThat(pointsAtKill).isBetween(1L, (long) total - 1);
                assertThat(takeover).isLessThanOrEqualTo(TAKEOVER_LIMIT);
                assertThat(lastFirstCycle).isLessThanOrEqualTo(FIRST_CYCLES_LIMIT);
                // each of a's shards went to the next in its line (b for 0, c for 1 and 2, where b is no candidate);
                // shard 3 did not move
                assertThat(after).isEqualTo(Map.of(0, "b", 1, "c", 2, "c", 3, "b"));
                for (String id : IDS) {
                    awaitPoints(fleet.get(id), expected.get(id).size());
                }
                Thread.sleep(3_000); // two more cycles: a late write would show
                guard.stop();
                System.out.printf("FleetFailoverIT: %d observations of %d shards; a shard led by none: %s (the longest %.1f s);"
                        + " leaders per shard in order %s; fleet run %.1f s, reference run %.1f s%n", guard.observations.get(),
                        SHARDS, guard.unled, guard.longestUnledMs(victimShards) / 1000.0, guard.history,
                        Duration.ofNanos(System.nanoTime() - fleetStart).toMillis() / 1000.0, referenceRun.toMillis() / 1000.0);
                assertThat(guard.twoLeaders).as("a shard led by two replicas").isEmpty();
                assertThat(guard.observations.get()).isGreaterThan(50);
                // after every shard was first led: only the victim's shards were ever seen led by none, and not for long
                assertThat(guard.unled.keySet()).isSubsetOf(victimShards);
                assertThat(Duration.ofMillis(guard.longestUnledMs(victimShards))).isLessThanOrEqualTo(TAKEOVER_LIMIT);
                assertThat(guard.history).isEqualTo(Map.of(0, List.of("a", "b"), 1, List.of("a", "c"), 2, List.of("a", "c"),
                        3, List.of("b")));
            } finally {
                guard.stop();
            }

            for (String id : IDS) {
                assertThat(fleet.get(id).correlationLines()).as("home %s", id).doesNotHaveDuplicates()
                        .isEqualTo(expected.get(id));
                assertThat(profileLines(fleet.get(id))).as("profiles of home %s", id).isEqualTo(expectedProfiles.get(id));
            }
            System.out.printf("FleetFailoverIT: %d homes, %d correlations, the same point by point; the test took %.1f s%n",
                    HOMES, total, Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
        } finally {
            reference.values().forEach(TestBucket::delete);
            fleet.values().forEach(TestBucket::delete);
        }
    }

    // --- the homes --------------------------------------------------------------------------------------------

    private static List<String> homeIds() {
        if (HOMES % SHARDS != 0) {
            throw new IllegalArgumentException("fleet.homes = " + HOMES + ": expected a multiple of " + SHARDS);
        }
        Map<Integer, Integer> perShard = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        for (int n = 1; ids.size() < HOMES; n++) {
            String id = "flat-" + n;
            int shard = Shards.of(id, SHARDS);
            if (perShard.merge(shard, 1, Integer::sum) <= HOMES / SHARDS) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    /**
     * Home h's backlog: {@value #EVENTS} switches turning on (15 switches), 30 + h s apart, ending 5 min ago; each
     * with a meter reading 5 s before and 5 s after, its step and level shifted by h, so no two homes write the same;
     * every 7th step (counted from h) is 5 W (dropped, below the threshold) and every 11th state change has no
     * reading around it (skipped: no meter data).
     */
    private static List<String> homeData(int h, Instant now) {
        Duration spacing = Duration.ofSeconds(30 + h);
        Instant first = now.minus(Duration.ofMinutes(5)).minus(spacing.multipliedBy(EVENTS));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Instant t = first.plus(spacing.multipliedBy(i));
            lines.add(event(t, "switch.h" + h + "_" + (i % 15), "switch", "on", "off"));
            if ((i + h) % 11 == 10) {
                continue;
            }
            double before = 300 + ((i + h) % 13) * 10 + h;
            double step = (i + h) % 7 == 6 ? 5 : 20 + ((i + 2 * h) % 11) * 10 + h;
            lines.add(meter(t.minusSeconds(5), before));
            lines.add(meter(t.plusSeconds(5), before + step));
        }
        return lines;
    }

    /** How many of home h's state changes are written: with readings and a step of at least 10 W. */
    private static int written(int h) {
        int written = 0;
        for (int i = 0; i < EVENTS; i++) {
            if ((i + h) % 11 != 10 && (i + h) % 7 != 6) {
                written++;
            }
        }
        return written;
    }

    private static Path homesFile(Path dir, String name, Map<String, TestBucket> buckets) throws IOException {
        StringBuilder yaml = new StringBuilder("homes:\n");
        buckets.forEach((id, bucket) -> yaml.append("  - id: ").append(id).append("\n    settings:\n")
                .append("      correlator.influxdb.bucket: ").append(bucket.name()).append('\n'));
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    /** PairFailoverIT's settings but 5 state changes a cycle (a cycle a second), with the homes file. */
    private static Map<String, String> environment(TestBucket base, Path homesFile) {
        Map<String, String> environment = PackagedService.environmentFor(base);
        environment.put("HOMES_FILE", homesFile.toString());
        environment.put("LOOKBACK_MINUTES", "240");
        environment.put("MAX_EVENTS_PER_CYCLE", "5");
        environment.put("PROCESSING_INTERVAL", "1");
        environment.put("FIRST_CYCLE_DELAY", Integer.toString(FIRST_CYCLE_DELAY_SECONDS));
        environment.put("MAX_READING_GAP_SECONDS", "2");
        environment.put("LATE_DATA_GRACE_SECONDS", "0");
        return environment;
    }

    private static List<String> homesOf(Set<Integer> shards) {
        return IDS.stream().filter(id -> shards.contains(Shards.of(id, SHARDS))).toList();
    }

    // --- the replicas -----------------------------------------------------------------------------------------

    /** The replicas started so far, by id; closing ends every one still running. */
    private static final class Replicas implements AutoCloseable {
        private final Map<String, PackagedService> byId = new ConcurrentSkipListMap<>();

        /** Starts a replica that may lead the given shards (empty: all) and waits until its routes run. */
        void start(String id, String shards, TestBucket base, ZooKeeperServer zookeeper, Path homesFile) throws Exception {
            Map<String, String> environment = environment(base, homesFile);
            environment.put("CLUSTER_ZOOKEEPER", zookeeper.connectString());
            environment.put("CLUSTER_NODE_ID", id);
            environment.put("CLUSTER_SESSION_TIMEOUT_SECONDS", Integer.toString(SESSION_TIMEOUT_SECONDS));
            environment.put("CLUSTER_SHARD_COUNT", Integer.toString(SHARDS));
            if (!shards.isEmpty()) {
                environment.put("CLUSTER_SHARDS", shards);
            }
            byId.put(id, PackagedService.start(environment));
        }

        Map<String, PackagedService> byId() {
            return byId;
        }

        PackagedService get(String id) {
            return byId.get(id);
        }

        @Override
        public void close() throws IOException {
            for (PackagedService replica : byId.values()) {
                replica.close();
            }
        }
    }

    /**
     * Asks every replica still running for GET /homes every 150 ms (each home's role: its shard's leadership there):
     * shard → the replicas leading it. A replica that does not answer within 2 s, other than the one killed, makes
     * the observation void (it says nothing of who leads).
     */
    private static final class Guard {
        final AtomicInteger observations = new AtomicInteger();
        final List<String> twoLeaders = new CopyOnWriteArrayList<>();
        /** shard → the longest time, in ms, it was seen led by none after every shard had been led. */
        final Map<Integer, Long> unled = Collections.synchronizedMap(new TreeMap<>());
        /** shard → its leaders in the order seen (only changes kept). */
        final Map<Integer, List<String>> history = Collections.synchronizedMap(new TreeMap<>());
        private final Map<Integer, Long> unledSince = new TreeMap<>();
        private volatile Map<Integer, List<String>> last = Map.of();
        private volatile boolean everyShardLed;
        private volatile String killed;
        private volatile boolean running = true;
        private Thread thread;

        void watch(Replicas replicas) {
            thread = new Thread(() -> {
                while (running) {
                    observe(replicas);
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fleet-guard");
            thread.setDaemon(true);
            thread.start();
        }

        private void observe(Replicas replicas) {
            Map<Integer, List<String>> leaders = new TreeMap<>();
            for (int shard = 0; shard < SHARDS; shard++) {
                leaders.put(shard, new ArrayList<>());
            }
            for (var replica : replicas.byId().entrySet()) {
                JsonNode homes;
                try {
                    homes = replica.getValue().api().send(HttpRequest.newBuilder(replica.getValue().api().uri("/homes"))
                            .timeout(Duration.ofSeconds(2)).GET().build()).json();
                } catch (IOException | RuntimeException e) {
                    if (replica.getKey().equals(killed)) {
                        continue;
                    }
                    return; // a survivor that did not answer: this observation says nothing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                Set<Integer> led = new TreeSet<>();
                for (JsonNode home : homes) {
                    if ("leader".equals(home.get("health").get("role").asText())) {
                        led.add(Shards.of(home.get("home").asText(), SHARDS));
                    }
                }
                led.forEach(shard -> leaders.get(shard).add(replica.getKey()));
            }
            observations.incrementAndGet();
            long at = System.nanoTime();
            boolean all = leaders.values().stream().allMatch(l -> l.size() == 1);
            leaders.forEach((shard, ids) -> {
                if (ids.size() > 1) {
                    twoLeaders.add("shard " + shard + " led by " + ids);
                }
                if (ids.size() == 1) {
                    List<String> order = history.computeIfAbsent(shard, s -> new CopyOnWriteArrayList<>());
                    if (order.isEmpty() || !order.get(order.size() - 1).equals(ids.get(0))) {
                        order.add(ids.get(0));
                    }
                }
                if (!everyShardLed && !all) {
                    return;
                }
                if (ids.isEmpty()) {
                    unledSince.putIfAbsent(shard, at);
                    unled.merge(shard, (at - unledSince.get(shard)) / 1_000_000, Math::max);
                } else {
                    unledSince.remove(shard);
                }
            });
            if (all) {
                everyShardLed = true;
            }
            last = leaders;
        }

        /** Until the leaders seen are exactly these (shard → the replicas leading it). */
        void await(Duration timeout, Map<Integer, List<String>> leaders) throws InterruptedException {
            awaitSeen(timeout, "leaders " + leaders, leaders::equals);
        }

        Map<Integer, String> awaitEveryShardLed(Duration timeout) throws InterruptedException {
            return single(awaitSeen(timeout, "every shard led by one replica",
                    l -> l.values().stream().allMatch(ids -> ids.size() == 1)));
        }

        /** Every shard led by exactly one replica, none of the given shards by the killed one. */
        Map<Integer, String> awaitTakeover(Set<Integer> shards, Duration timeout) throws InterruptedException {
            return single(awaitSeen(timeout, "the shards " + shards + " taken over",
                    l -> l.values().stream().allMatch(ids -> ids.size() == 1) && shards.stream().noneMatch(s -> l.get(s).contains(killed))));
        }

        /** Until an observation passes the test; returns it. */
        private Map<Integer, List<String>> awaitSeen(Duration timeout, String what,
                java.util.function.Predicate<Map<Integer, List<String>>> condition) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int seen = observations.get();
            while (true) {
                Map<Integer, List<String>> now = last;
                if (observations.get() != seen && condition.test(now)) {
                    return now;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(what + ": not within " + timeout + "; last seen " + now);
                }
                Thread.sleep(20);
            }
        }

        /** The leaders last seen, shard → replica (every shard must have exactly one). */
        Map<Integer, String> current() {
            return single(last);
        }

        private static Map<Integer, String> single(Map<Integer, List<String>> seen) {
            Map<Integer, String> leaders = new TreeMap<>();
            seen.forEach((shard, ids) -> {
                assertThat(ids).as("leaders of shard %d", shard).hasSize(1);
                leaders.put(shard, ids.get(0));
            });
            return leaders;
        }

        /** From now on the replica is expected not to answer. */
        void killing(String replica) {
            killed = replica;
        }

        long longestUnledMs(Set<Integer> shards) {
            return shards.stream().mapToLong(s -> unled.getOrDefault(s, 0L)).max().orElse(0);
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(5_000);
            }
        }
    }

    private static String mostShards(Map<Integer, String> leaders) {
        Map<String, Integer> count = new TreeMap<>();
        leaders.values().forEach(id -> count.merge(id, 1, Integer::sum));
        return count.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static Set<Integer> shardsOf(Map<Integer, String> leaders, String replica) {
        Set<Integer> shards = new TreeSet<>();
        leaders.forEach((shard, id) -> {
            if (id.equals(replica)) {
                shards.add(shard);
            }
        });
        return shards;
    }

    /**
     * Kills the replica (SIGKILL) while one of the given homes' correlate route has a cycle in flight (its JMX
     * attribute ExchangesInflight, read through the replica's local management agent, PackagedService.killInsideAnExchangeOf);
     * returns that home.
     */
    private static String killInsideACycle(PackagedService replica, List<String> homes) throws Exception {
        String route = replica.killInsideAnExchangeOf(homes.stream().map(home -> "correlate." + home).toList());
        return route.substring("correlate.".length());
    }

    /**
     * From the kill to each moved home's first successful cycle on its new leader: each new leader's GET /homes every
     * 100 ms, each home's first last_successful_fetch after the kill (a later cycle's, at most 100 ms late, would
     * only lengthen it).
     */
    private static Map<String, Duration> awaitFirstCycles(Replicas replicas, Map<Integer, String> leaders, Set<Integer> shards,
            Instant killed) throws Exception {
        List<String> moved = homesOf(shards);
        Map<String, Duration> first = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (first.size() < moved.size()) {
            assertThat(System.nanoTime()).as("a cycle of every moved home within 60 s; seen %s", first).isLessThan(deadline);
            for (String leader : new TreeSet<>(leaders.values())) {
                for (JsonNode h : replicas.get(leader).api().get("/homes").json()) {
                    String home = h.get("home").asText();
                    JsonNode health = h.get("health");
                    if (moved.contains(home) && !first.containsKey(home) && "leader".equals(health.get("role").asText())
                            && !health.get("last_successful_fetch").isNull()) {
                        Instant last = Instant.parse(health.get("last_successful_fetch").asText());
                        if (last.isAfter(killed)) {
                            first.put(home, Duration.between(killed, last));
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        return first;
    }

    /** The victim's homes whose output is not complete yet. */
    private static List<String> victimHomesUnfinished(Map<String, TestBucket> fleet, Map<String, List<String>> expected,
            Set<Integer> shards) {
        return homesOf(shards).stream().filter(id -> fleet.get(id).correlationLines().size() < expected.get(id).size()).toList();
    }

    // --- the output -------------------------------------------------------------------------------------------

    private static long awaitPoints(Map<String, TestBucket> buckets, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long points = buckets.values().stream().mapToLong(b -> b.correlationLines().size()).sum();
            if (points >= atLeast) {
                return points;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + atLeast + " correlations written within 120 s");
    }

    private static void awaitPoints(TestBucket bucket, int atLeast) throws InterruptedException {
        bucket.awaitCorrelationPoints(atLeast, Duration.ofSeconds(180));
    }

    /** The newest stored profile of each device transition: what a replica reads when it takes a home over. */
    private static List<String> profileLines(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -400d)
                  |> filter(fn: (r) => r._measurement == "device_power_profile" and r._field == "recent_steps")
                  |> last() |> group() |> sort(columns: ["entity_id", "transition"])""").stream()
                .map(r -> r.getValueByKey("entity_id") + " " + r.getValueByKey("transition") + " " + r.getValue()).toList();
    }
}
