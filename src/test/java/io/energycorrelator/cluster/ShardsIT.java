package io.energycorrelator.cluster;

import io.energycorrelator.config.ClusterSettings;
import io.energycorrelator.config.InvalidSettingException;
import io.energycorrelator.support.SeveredLink;
import io.energycorrelator.support.ZooKeeperExtension;
import io.energycorrelator.support.ZooKeeperServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RoutePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shards of homes over a real ZooKeeper: three replicas in one JVM (each its own Camel context, Curator client and
 * {@link ZooKeeperShards}), 4 shards, one timer route per shard and replica governed by that shard's leadership. A
 * guard thread asks every replica's {@code leads()} of every shard each 100 ms throughout, and fails the test if it ever
 * sees two leaders of one shard; between a leader's loss and the takeover it may see none (the handover gap).
 * <p>
 * A replica "crashes" by its network path to ZooKeeper going silent ({@link SeveredLink}: no byte passes, no connection
 * is closed), as a frozen or vanished host: ZooKeeper expires its session after the session timeout, and the replica
 * itself steps down when its client notices the silence (at 2/3 of the session timeout), before that.
 */
@ExtendWith(ZooKeeperExtension.class)
class ShardsIT {

    private static final int SHARDS = 4;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    /** The session timeout, a tick of ZooKeeper's expiry (1 s), and the new leader's start of its routes. */
    private static final Duration TAKEOVER_LIMIT = SESSION_TIMEOUT.plusSeconds(3);

    /** shard → replica → how many times its timer route ran there. */
    private final Map<Integer, Map<String, AtomicInteger>> runs = new ConcurrentHashMap<>();
    /** shard → the replicas in the order their runs came (only changes are kept). */
    private final Map<Integer, ConcurrentLinkedQueue<String>> runners = new ConcurrentHashMap<>();
    /** "shard/replica" → System.nanoTime() of its first run there. */
    private final Map<String, Long> firstRun = new ConcurrentHashMap<>();
    private final List<Replica> replicas = new CopyOnWriteArrayList<>();
    private final List<String> twoLeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger observations = new AtomicInteger();
    private final AtomicInteger gaps = new AtomicInteger();
    /** The longest time, in ms, a shard was seen led by none after it had been led (the handover gap). */
    private final AtomicLong longestGapMs = new AtomicLong();
    private volatile boolean guarding;

    private record Replica(String id, CamelContext context, Map<Integer, Leadership> shards, SeveredLink link) {
        Optional<String> leaderOf(int shard) {
            return shards.get(shard).leads() ? Optional.of(id) : Optional.empty();
        }
    }

    @AfterEach
    void stopAll() {
        guarding = false;
        replicas.forEach(r -> {
            r.context().stop();
            r.link().close();
        });
    }

    @Test
    void eachShardHasOneLeaderAReplicaLeadsOnlyItsShardsAndADeadReplicasShardsMoveAndDoNotComeBack(ZooKeeperServer zookeeper)
            throws Exception {
        Replica a = start(zookeeper, "a", SHARDS, "0,1");
        await("a leads shards 0 and 1", () -> leaders().equals(leadersOf("a", "a", null, null)));
        Replica b = start(zookeeper, "b", SHARDS, "");
        await("b leads shards 2 and 3", () -> leaders().equals(leadersOf("a", "a", "b", "b")));
        Replica c = start(zookeeper, "c", SHARDS, "");
        guard();

        // (a) one leader per shard at every observation; (b) a never leads 2 or 3 (never a candidate there)
        observe(Duration.ofSeconds(3), leadersOf("a", "a", "b", "b"));
        assertThat(a.shards().get(2)).isInstanceOf(NeverLeads.class);
        assertThat(a.shards().get(3)).isInstanceOf(NeverLeads.class);
        awaitRunsOnlyOn(Map.of(0, "a", 1, "a", 2, "b", 3, "b"));

        // (c) b's host freezes: shards 2 and 3 go to c (a may not lead them) within the session timeout and a margin
        long severed = System.nanoTime();
        b.link().sever();
        await("c leads shards 2 and 3", () -> leaders().equals(leadersOf("a", "a", "c", "c")));
        Duration takeover = Duration.ofNanos(System.nanoTime() - severed);
        awaitRunsOnlyOn(Map.of(0, "a", 1, "a", 2, "c", 3, "c"));
        Duration routesMoved = Duration.ofNanos(Math.max(firstRun.get("2/c"), firstRun.get("3/c")) - severed);
        System.out.printf("ShardsIT: b silent; c led shards 2 and 3 after %.1f s, its timer routes of them ran after %.1f s"
                + " (session timeout %d s)%n", takeover.toMillis() / 1000.0, routesMoved.toMillis() / 1000.0,
                SESSION_TIMEOUT.toSeconds());
        assertThat(takeover).isLessThan(TAKEOVER_LIMIT);
        assertThat(routesMoved).isLessThan(TAKEOVER_LIMIT);
        // not before ZooKeeper expired b's session (b had not left, it went silent), which counts from b's last ping,
        // sent up to a third of the timeout before the link went silent
        assertThat(takeover).isGreaterThanOrEqualTo(SESSION_TIMEOUT.multipliedBy(2).dividedBy(3));
        // b's routes of 2 and 3 stopped before c's started: each shard's runs went b, then c, never back
        assertThat(runners.get(2)).containsExactly("b", "c");
        assertThat(runners.get(3)).containsExactly("b", "c");

        // (d) b back: it rejoins every election as the last in line, so no shard moves back to it
        b.link().restore();
        await("b connected to ZooKeeper again", () -> b.shards().get(2).coordinatorProblem().isEmpty());
        observe(Duration.ofSeconds(3), leadersOf("a", "a", "c", "c"));
        assertThat(IntStream.range(0, SHARDS).filter(s -> b.shards().get(s).leads()).boxed().toList()).isEmpty();
        assertThat(runners.get(2)).containsExactly("b", "c");
        assertThat(runners.get(3)).containsExactly("b", "c");

        // and when c leaves (stopped: its elections left at once), b is the one left for 2 and 3
        c.context().stop();
        await("b leads shards 2 and 3 again", () -> leaders().equals(leadersOf("a", "a", "b", "b")));
        observe(Duration.ofSeconds(1), leadersOf("a", "a", "b", "b"));

        guarding = false;
        System.out.printf("ShardsIT: %d observations of %d shards, %d with a shard led by none (handover, the longest"
                + " %.1f s), %d with two%n", observations.get(), SHARDS, gaps.get(), longestGapMs.get() / 1000.0, twoLeaders.size());
        // the gap: from the silent leader's own step-down (at 2/3 of the timeout) to ZooKeeper's expiry of its session
        assertThat(Duration.ofMillis(longestGapMs.get())).isLessThan(TAKEOVER_LIMIT);
        assertThat(twoLeaders).isEmpty();
        assertThat(observations.get()).isGreaterThan(100);
        assertThat(runs.get(2)).doesNotContainKey("a");
        assertThat(runs.get(3)).doesNotContainKey("a");
    }

    @Test
    void aReplicaWithAnotherShardCountRefusesToStartNamingClusterShardCount(ZooKeeperServer zookeeper) throws Exception {
        start(zookeeper, "a", SHARDS, "");
        await("a leads all shards", () -> leaders().equals(leadersOf("a", "a", "a", "a")));

        assertThatThrownBy(() -> start(zookeeper, "b", 8, ""))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: correlator.cluster.shard-count (environment CLUSTER_SHARD_COUNT) = '8' is"
                        + " not allowed: expected 4, the shard count of the other replicas (stored in ZooKeeper at"
                        + " /energy-correlator/shard-count); two counts would give a home two leaders. To change it, stop"
                        + " every replica and delete that znode");
        assertThat(leaders()).isEqualTo(leadersOf("a", "a", "a", "a"));
    }

    private Replica start(ZooKeeperServer zookeeper, String id, int shardCount, String shards) throws Exception {
        SeveredLink link = SeveredLink.to(zookeeper.connectString());
        List<Integer> mine = shards.isEmpty() ? IntStream.range(0, shardCount).boxed().toList()
                : java.util.Arrays.stream(shards.split(",")).map(Integer::valueOf).toList();
        ClusterSettings settings = new ClusterSettings(Optional.of(link.connectString()), id, SESSION_TIMEOUT, shardCount, mine);
        CamelContext context = new DefaultCamelContext();
        Map<Integer, Leadership> leaderships = ZooKeeperShards.join(context, settings, shard -> () -> { }, Clock.systemUTC());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                leaderships.forEach((shard, leadership) -> from("timer:shard-" + shard + "?delay=0&period=100")
                        .routeId("shard-" + shard)
                        .routePolicy((RoutePolicy) leadership)
                        .process(exchange -> ran(shard, id)));
            }
        });
        Replica replica = new Replica(id, context, leaderships, link);
        try {
            context.start();
        } catch (RuntimeException e) {
            context.stop();
            link.close();
            throw e;
        }
        replicas.add(replica);
        return replica;
    }

    private void ran(int shard, String replica) {
        firstRun.putIfAbsent(shard + "/" + replica, System.nanoTime());
        runs.computeIfAbsent(shard, s -> new ConcurrentHashMap<>()).computeIfAbsent(replica, r -> new AtomicInteger()).incrementAndGet();
        ConcurrentLinkedQueue<String> order = runners.computeIfAbsent(shard, s -> new ConcurrentLinkedQueue<>());
        synchronized (order) {
            String last = null;
            for (String r : order) {
                last = r;
            }
            if (!replica.equals(last)) {
                order.add(replica);
            }
        }
    }

    /** shard → the replicas whose leadership of it says it leads (of the started ones still running). */
    private Map<Integer, List<String>> leaders() {
        Map<Integer, List<String>> leaders = new TreeMap<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            List<String> ids = new ArrayList<>();
            for (Replica r : replicas) {
                if (r.context().isStarted()) {
                    r.leaderOf(shard).ifPresent(ids::add);
                }
            }
            leaders.put(shard, ids);
        }
        return leaders;
    }

    private static Map<Integer, List<String>> leadersOf(String... byShard) {
        Map<Integer, List<String>> leaders = new TreeMap<>();
        for (int shard = 0; shard < byShard.length; shard++) {
            leaders.put(shard, byShard[shard] == null ? List.of() : List.of(byShard[shard]));
        }
        return leaders;
    }

    /** Every 100 ms until the test ends: never two leaders of a shard. */
    private void guard() {
        guarding = true;
        Thread thread = new Thread(() -> {
            Map<Integer, Long> noneSince = new TreeMap<>();
            while (guarding) {
                Map<Integer, List<String>> now = leaders();
                observations.incrementAndGet();
                now.forEach((shard, ids) -> {
                    if (ids.size() > 1) {
                        twoLeaders.add("shard " + shard + " led by " + ids);
                    }
                    if (ids.isEmpty()) {
                        noneSince.putIfAbsent(shard, System.nanoTime());
                    } else if (noneSince.containsKey(shard)) {
                        longestGapMs.accumulateAndGet((System.nanoTime() - noneSince.remove(shard)) / 1_000_000, Math::max);
                    }
                });
                if (now.values().stream().anyMatch(List::isEmpty)) {
                    gaps.incrementAndGet();
                }
                sleep(100);
            }
        }, "shards-guard");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every 100 ms for the duration: exactly these leaders. */
    private void observe(Duration duration, Map<Integer, List<String>> expected) {
        long end = System.nanoTime() + duration.toNanos();
        int seen = 0;
        while (System.nanoTime() < end) {
            assertThat(leaders()).as("observation %d", seen).isEqualTo(expected);
            seen++;
            sleep(100);
        }
        assertThat(seen).isGreaterThanOrEqualTo((int) (duration.toMillis() / 100) - 5);
    }

    /** Within 2 s each shard's timer route runs on its leader, and on no other replica any more. */
    private void awaitRunsOnlyOn(Map<Integer, String> leaderByShard) {
        await("the timer routes run on " + leaderByShard, () -> leaderByShard.entrySet().stream()
                .allMatch(e -> e.getValue().equals(runners.getOrDefault(e.getKey(), new ConcurrentLinkedQueue<>()).stream()
                        .reduce((x, y) -> y).orElse(null))));
        Map<Integer, Map<String, Integer>> before = counts();
        sleep(500);
        Map<Integer, Map<String, Integer>> after = counts();
        leaderByShard.forEach((shard, leader) -> after.get(shard).forEach((replica, n) -> {
            if (replica.equals(leader)) {
                assertThat(n).as("runs of shard %d on %s", shard, replica).isGreaterThan(before.get(shard).getOrDefault(replica, 0));
            } else {
                assertThat(n).as("runs of shard %d on %s", shard, replica).isEqualTo(before.get(shard).getOrDefault(replica, 0));
            }
        }));
    }

    private Map<Integer, Map<String, Integer>> counts() {
        Map<Integer, Map<String, Integer>> counts = new TreeMap<>();
        runs.forEach((shard, byReplica) -> {
            Map<String, Integer> n = new TreeMap<>();
            byReplica.forEach((replica, count) -> n.put(replica, count.get()));
            counts.put(shard, n);
        });
        return counts;
    }

    private static void await(String what, Supplier<Boolean> condition) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 20 s: " + what);
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
