package io.energycorrelator.cluster;

import io.energycorrelator.config.ClusterSettings;
import io.energycorrelator.config.InvalidSettingException;
import org.apache.camel.CamelContext;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Many homes led by many replicas: the homes are spread over CLUSTER_SHARD_COUNT shards ({@link Shards#of}), and each
 * shard has an election of its own (a {@link ZooKeeperLeadership} under namespace {@code shard-K}, i.e. the ZooKeeper
 * path /energy-correlator/shard-K), all on one Curator client and one Camel cluster service per process
 * ({@link ZooKeeperCluster}, as the pair). Camel's ClusteredRoutePolicy and master: component are not used: in 4.17
 * they keep a leader whose session was lost leading (CAMEL-24457), see {@link ZooKeeperLeadership}.
 * <p>
 * A replica joins only the elections of the shards in its CLUSTER_SHARDS (all by default); for the others it gets a
 * {@link NeverLeads}, so the map it returns has every shard from 0 to the count - 1.
 * <p>
 * Leadership does not move back: a shard stays with the replica that took it over until that one leaves or loses
 * its session (Curator's leader selector queues a returning replica behind the others). A replica that dies loses its
 * shards to the others after the session timeout (it steps down itself as soon as its session is suspended).
 * <p>
 * The guard: the shard count is stored in ZooKeeper at {@value #SHARD_COUNT_PATH} by the first replica; one started
 * with another count stops with a message naming CLUSTER_SHARD_COUNT (two counts would put a home in two shards, led
 * by two replicas at once). The count can only change with every replica stopped and that znode deleted.
 */
public final class ZooKeeperShards {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperShards.class);
    public static final String SHARD_COUNT_PATH = ZooKeeperCluster.BASE_PATH + "/shard-count";

    private ZooKeeperShards() {
    }

    /** The election namespace of a shard: {@code shard-K}. */
    public static String namespace(int shard) {
        return "shard-" + shard;
    }

    /**
     * Adds the ZooKeeper client and cluster service to the context and one leadership per shard: call it before the
     * routes are added (each leadership is the route policy of its shard's routes), the elections are joined once
     * the context has fully started; the shard count is checked against ZooKeeper's while the context starts.
     *
     * @param settings  CLUSTER_ZOOKEEPER must be set
     * @param onNewTerm for a shard, what to run at the start of each of its terms (before its routes start)
     * @return shard → its leadership, for every shard 0..shardCount-1 ({@link NeverLeads} for one not in
     *         CLUSTER_SHARDS), ascending
     */
    public static Map<Integer, Leadership> join(CamelContext context, ClusterSettings settings, IntFunction<Runnable> onNewTerm,
            Clock clock) {
        String connectString = settings.zookeeper().orElseThrow(
                () -> new IllegalArgumentException("shards need CLUSTER_ZOOKEEPER"));
        ZooKeeperCluster cluster = ZooKeeperCluster.addTo(context, connectString, settings.nodeId(), settings.sessionTimeout(),
                curator -> checkShardCount(curator, settings));
        Map<Integer, Leadership> shards = new TreeMap<>();
        for (int shard = 0; shard < settings.shardCount(); shard++) {
            shards.put(shard, settings.shards().contains(shard)
                    ? cluster.leadership(namespace(shard), onNewTerm.apply(shard), clock)
                    : new NeverLeads(settings.nodeId(), shard));
        }
        LOG.info("Cluster: node {} may lead shards {} of {}", settings.nodeId(), settings.shards(), settings.shardCount());
        return Collections.unmodifiableMap(shards);
    }

    /** The first replica writes its count; any other must have the same, or it does not start. */
    private static void checkShardCount(CuratorFramework curator, ClusterSettings settings) throws Exception {
        long waitMs = settings.sessionTimeout().toMillis();
        if (!curator.blockUntilConnected(Math.toIntExact(waitMs), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Cluster: ZooKeeper " + settings.zookeeper().orElseThrow() + " could not be reached within "
                    + waitMs / 1000 + " s: the shard count (" + ClusterSettings.SHARD_COUNT_ENVIRONMENT
                    + ") cannot be checked, so this replica does not start");
        }
        String mine = Integer.toString(settings.shardCount());
        try {
            curator.create().creatingParentsIfNeeded().forPath(SHARD_COUNT_PATH, mine.getBytes(StandardCharsets.UTF_8));
            LOG.info("Cluster: the shard count {} stored at {}", mine, SHARD_COUNT_PATH);
            return;
        } catch (KeeperException.NodeExistsException e) {
            // another replica stored it first: compare
        }
        String stored = new String(curator.getData().forPath(SHARD_COUNT_PATH), StandardCharsets.UTF_8).trim();
        if (!stored.equals(mine)) {
            throw new InvalidSettingException("Invalid configuration: " + ClusterSettings.SHARD_COUNT_KEY + " (environment "
                    + ClusterSettings.SHARD_COUNT_ENVIRONMENT + ") = '" + mine + "' is not allowed: expected " + stored
                    + ", the shard count of the other replicas (stored in ZooKeeper at " + SHARD_COUNT_PATH
                    + "); two counts would give a home two leaders. To change it, stop every replica and delete that znode");
        }
    }
}
