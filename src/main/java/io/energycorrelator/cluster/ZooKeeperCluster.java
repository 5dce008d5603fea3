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
 * One process's place on ZooKeeper: one Curator client and one Camel {@link ZooKeeperClusterService} on it, added to
 * the context (camel-main has no settings for a cluster service), and the elections ({@link ZooKeeperLeadership}s)
 * this process joins through them: the pair's one ({@link ZooKeeperPair}) or one per shard ({@link ZooKeeperShards}).
 */
final class ZooKeeperCluster {

    /** Where the elections live in ZooKeeper: /energy-correlator/NAMESPACE. */
    static final String BASE_PATH = "/energy-correlator";

    /** A check on the connected client before the context goes on starting (what throws stops the start). */
    @FunctionalInterface
    interface StartCheck {
        void check(CuratorFramework curator) throws Exception;
    }

    private final CamelContext context;
    private final CuratorFramework curator;
    private final ZooKeeperClusterService service;

    private ZooKeeperCluster(CamelContext context, CuratorFramework curator, ZooKeeperClusterService service) {
        this.context = context;
        this.curator = curator;
        this.service = service;
    }

    /**
     * @param startCheck run on the started client when the context starts, before the cluster service starts; null
     *                   for none
     */
    static ZooKeeperCluster addTo(CamelContext context, String connectString, String nodeId, Duration sessionTimeout,
            StartCheck startCheck) {
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
            // Services stop in the reverse order: the client closes after the cluster service has left the elections.
            context.addService(new ServiceSupport() {
                @Override
                protected void doStart() throws Exception {
                    curator.start();
                    if (startCheck != null) {
                        try {
                            startCheck.check(curator);
                        } catch (Exception e) {
                            curator.close(); // a refused start leaves no session behind
                            throw e;
                        }
                    }
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
        return new ZooKeeperCluster(context, curator, service);
    }

    /** An election under {@code namespace}, which this process joins once the context has fully started. */
    ZooKeeperLeadership leadership(String namespace, Runnable onNewTerm, Clock clock) {
        ZooKeeperLeadership leadership = new ZooKeeperLeadership(context, service, curator, namespace, onNewTerm, clock);
        try {
            context.addStartupListener(leadership);
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the leadership's start-up listener", e);
        }
        return leadership;
    }
}
