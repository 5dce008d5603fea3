package io.energycorrelator.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;

import java.time.Clock;
import java.time.Duration;

/**
 * Sets up an active/passive pair on ZooKeeper: Camel's ZooKeeper cluster service, added to the context (camel-main has
 * no settings for a cluster service), and the {@link ZooKeeperLeadership} policy that joins its election once the
 * context has started. Only called when CLUSTER_ZOOKEEPER is set, so that a single process loads no ZooKeeper class.
 */
public final class ZooKeeperPair {

    /** Where the pair's election lives in ZooKeeper: /energy-correlator/leader. */
    public static final String BASE_PATH = "/energy-correlator";
    public static final String NAMESPACE = "leader";

    private ZooKeeperPair() {
    }

    public static Leadership join(CamelContext context, String connectString, String nodeId, Duration sessionTimeout,
            Runnable onNewTerm, Clock clock) {
        ZooKeeperClusterService service = new ZooKeeperClusterService();
        service.setId(nodeId);
        service.setNodes(connectString);
        service.setBasePath(BASE_PATH);
        service.setSessionTimeout(sessionTimeout.toMillis());
        // A connection attempt no longer than a session: a node that cannot reach ZooKeeper says so soon.
        service.setConnectTimeout(sessionTimeout.toMillis());
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Could not add the ZooKeeper cluster service", e);
        }
        ZooKeeperLeadership leadership = new ZooKeeperLeadership(context, service, NAMESPACE, onNewTerm, clock);
        try {
            context.addStartupListener(leadership);
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the leadership's start-up listener", e);
        }
        return leadership;
    }
}
