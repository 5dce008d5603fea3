package io.energycorrelator.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * An active/passive pair: off (one process, no coordinator) unless a ZooKeeper connect string is set.
 *
 * @param zookeeper      the ZooKeeper ensemble, {@code host:port[,host:port...]}, or empty for a single process
 * @param nodeId         this process's name among the pair (shown by /health, /statistics and the 409 of a standby)
 * @param sessionTimeout how long ZooKeeper waits for a silent node before its leadership passes to another
 * @param shardCount     how many shards the homes are spread over (1..1024; every replica must use the same)
 * @param shards         the shards this replica may lead, ascending, each below {@code shardCount} (all when
 *                       CLUSTER_SHARDS is empty)
 */
public record ClusterSettings(Optional<String> zookeeper, String nodeId, Duration sessionTimeout, int shardCount,
        List<Integer> shards) {

    public static final String SHARD_COUNT_KEY = "correlator.cluster.shard-count";
    /** The variable of {@link #SHARD_COUNT_KEY}, named where ZooKeeper holds another count (ClusterSettingsTest checks it). */
    public static final String SHARD_COUNT_ENVIRONMENT = "CLUSTER_SHARD_COUNT";
    public static final int MAX_SHARD_COUNT = 1024;

    /** host:port pairs, comma-separated; no chroot (the service keeps its own base path). */
    private static final Pattern CONNECT_STRING =
            Pattern.compile("[A-Za-z0-9_.\\-]+:[0-9]{1,5}(,[A-Za-z0-9_.\\-]+:[0-9]{1,5})*");
    /** One item of CLUSTER_SHARDS: a shard, or an inclusive range of them. */
    private static final Pattern SHARD_ITEM = Pattern.compile("([0-9]{1,4})(?:-([0-9]{1,4}))?");

    public ClusterSettings {
        shards = List.copyOf(shards);
    }

    /** One shard: the pair as it has always been. */
    public ClusterSettings(Optional<String> zookeeper, String nodeId, Duration sessionTimeout) {
        this(zookeeper, nodeId, sessionTimeout, 1, List.of(0));
    }

    public static ClusterSettings read(Settings r) {
        Optional<String> zookeeper = Optional.empty();
        Setting connectString = r.get("correlator.cluster.zookeeper");
        if (connectString.isSet()) {
            zookeeper = Optional.of(connectString.matching(CONNECT_STRING,
                    "host:port, or several comma-separated (a ZooKeeper ensemble), e.g. zookeeper:2181"));
        }
        String nodeId = r.get("correlator.cluster.node-id").isSet() ? r.get("correlator.cluster.node-id").name() : hostName();
        int shardCount = (int) r.get(SHARD_COUNT_KEY).wholeNumber(1, MAX_SHARD_COUNT);
        return new ClusterSettings(zookeeper, nodeId, r.get("correlator.cluster.session-timeout-seconds").seconds(2, 60),
                shardCount, shards(r.get("correlator.cluster.shards"), shardCount));
    }

    /** CLUSTER_SHARDS: "0,2,5-7" (each below the count); empty: every shard. */
    private static List<Integer> shards(Setting setting, int shardCount) {
        if (!setting.isSet()) {
            return IntStream.range(0, shardCount).boxed().toList();
        }
        String allowed = "comma-separated shards from 0 to " + (shardCount - 1) + " (below " + SHARD_COUNT_KEY + " = "
                + shardCount + "), or ranges of them such as 0,2,5-7; empty: all";
        String value = setting.value().get();
        TreeSet<Integer> shards = new TreeSet<>();
        for (String item : value.split(",", -1)) {
            Matcher m = SHARD_ITEM.matcher(item.trim());
            if (!m.matches()) {
                throw setting.invalid(value, allowed);
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (from > to || to >= shardCount) {
                throw setting.invalid(value, allowed);
            }
            IntStream.rangeClosed(from, to).forEach(shards::add);
        }
        return List.copyOf(shards);
    }

    public boolean enabled() {
        return zookeeper.isPresent();
    }

    /** The default node id: the host name (in a container, the container's), as Docker and systemd set it. */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
