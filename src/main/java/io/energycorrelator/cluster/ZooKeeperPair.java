package io.energycorrelator.cluster;

import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;

/**
 * Sets up an active/passive pair on ZooKeeper: Camel's ZooKeeper cluster service on the context
 * ({@link ZooKeeperCluster}) and the {@link ZooKeeperLeadership} policy that joins its election, namespace
 * {@value #NAMESPACE}, once the context has started. Only called when CLUSTER_ZOOKEEPER is set, so that a single
 * process loads no ZooKeeper class.
 */
public final class ZooKeeperPair {

    /** Where the pair's election lives in ZooKeeper: /energy-correlator/leader. */
    public static final String BASE_PATH = ZooKeeperCluster.BASE_PATH;
    public static final String NAMESPACE = "leader";

    private ZooKeeperPair() {
    }

    public static Leadership join(CamelContext context, String connectString, String nodeId, Duration sessionTimeout,
            Runnable onNewTerm, Clock clock) {
        return ZooKeeperCluster.addTo(context, connectString, nodeId, sessionTimeout, null)
                .leadership(NAMESPACE, onNewTerm, clock);
    }
}
