package io.energycorrelator.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

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
        // Our own Curator client (the 4.17 service does not hand out the one it makes): the policy listens to its
        // connection state. A connection attempt no longer than a session: a node that cannot reach ZooKeeper says so
        // soon. An operation is retried 3 times, so that no caller waits long while ZooKeeper is away.
        int timeoutMs = Math.toIntExact(sessionTimeout.toMillis());
        CuratorFramework curator = CuratorFrameworkFactory.builder().connectString(connectString)
                .sessionTimeoutMs(timeoutMs).connectionTimeoutMs(timeoutMs)
                .retryPolicy(new ExponentialBackoffRetry(500, 3, timeoutMs)).build();
        ZooKeeperClusterService service = new ZooKeeperClusterService(new ZooKeeperCuratorConfiguration());
        service.setId(nodeId);
        service.setNodes(connectString);
        service.setBasePath(BASE_PATH);
        service.setCuratorFramework(curator);
        try {
            // Services stop in the reverse order: the client closes after the cluster service has left the election.
            context.addService(new ServiceSupport() {
                @Override
                protected void doStart() {
                    curator.start();
                }

                @Override
                protected void doStop() {
                    curator.close();
                }
            }, true, true);
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Could not add the ZooKeeper cluster service", e);
        }
        ZooKeeperLeadership leadership = new ZooKeeperLeadership(context, service, curator, NAMESPACE, onNewTerm, clock);
        try {
            context.addStartupListener(leadership);
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the leadership's start-up listener", e);
        }
        return leadership;
    }
}
