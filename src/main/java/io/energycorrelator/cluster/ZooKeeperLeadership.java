package io.energycorrelator.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The route policy {@code leaderOnly} of a pair (or of one shard's routes, {@link ZooKeeperShards}: one instance per
 * shard, each on its own namespace): the leader-only routes run while Camel's ZooKeeper cluster service
 * ({@link ZooKeeperClusterService}, a Curator leader election under one namespace) names this process leader AND its
 * ZooKeeper session is connected; they are stopped the moment either ends.
 * <p>
 * Why ours: in camel-zookeeper 4.17.0 (the newest beside camel-influxdb2 4.17.0) Camel's {@code ClusteredRoutePolicy} keeps a leader whose session was suspended or lost leading (CAMEL-24457, fixed in 4.18.5), so two nodes would cycle at once (PairFailoverIT).
 * <p>
 * So this policy also listens to Curator's connection state: SUSPENDED or LOST steps down at once (routes stopped),
 * and only a fresh leadership event, on a connected session, starts them again. After a reconnection the node
 * rejoins the election (the 4.17 view leaves it for good when its leadership was cut).
 * <p>
 * Each new term begins with {@code onNewTerm} (forget what an earlier term cached: the watermark, the device
 * profiles) before any leader-only route starts. Routes are started and stopped on one thread of its own, in order,
 * never on ZooKeeper's event thread.
 */
public final class ZooKeeperLeadership extends RoutePolicySupport implements Leadership, ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeadership.class);
    /** How long a stopped route may let its exchange in flight finish (a cycle's last write) before it is cut. */
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final CamelContext context;
    private final ZooKeeperClusterService service;
    private final CuratorFramework curator;
    private final String namespace;
    private final Runnable onNewTerm;
    private final Clock clock;
    private final ExecutorService routeActions;
    private final Set<Route> managed = new CopyOnWriteArraySet<>();
    private volatile CamelClusterView view;
    private volatile boolean sessionUp;
    private volatile boolean leading;
    private volatile Instant termStarted;

    /**
     * @param service   started by the context (added as a service before this policy joins)
     * @param curator   the service's ZooKeeper client, whose connection state this policy follows
     * @param namespace the election's name: every node of a pair uses the same ({@code leader}; a shard's: {@code shard-K})
     * @param onNewTerm run once at the start of each term, before the routes start
     */
    public ZooKeeperLeadership(CamelContext context, ZooKeeperClusterService service, CuratorFramework curator, String namespace,
            Runnable onNewTerm, Clock clock) {
        this.context = context;
        this.service = service;
        this.curator = curator;
        this.namespace = namespace;
        this.onNewTerm = onNewTerm;
        this.clock = clock;
        this.routeActions = context.getExecutorServiceManager().newSingleThreadExecutor(this, "leader-only-routes");
    }

    /** A route that would start by itself waits for leadership instead; one that would not stays as it is. */
    @Override
    public void onInit(Route route) {
        if (route.isAutoStartup()) {
            route.setAutoStartup(false);
            managed.add(route);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext camelContext, boolean alreadyStarted) {
        // not yet: see onCamelContextFullyStarted
    }

    /**
     * Joins the election once the context has fully started: a timer route started earlier, in the middle of the
     * context's start, would never fire.
     */
    @Override
    public void onCamelContextFullyStarted(CamelContext camelContext, boolean alreadyStarted) throws Exception {
        curator.getConnectionStateListenable().addListener((client, state) -> connectionChanged(state));
        sessionUp = curator.getZookeeperClient().isConnected();
        view = service.getView(namespace);
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> reconsider("leadership event"));
        LOG.info("Cluster: node {} joined the election {} on ZooKeeper ({}connected)", nodeId(), namespace,
                sessionUp ? "" : "not yet ");
        reconsider("start");
    }

    private void connectionChanged(ConnectionState state) {
        LOG.info("Cluster: ZooKeeper session {}", state);
        sessionUp = state.isConnected();
        if (!sessionUp) {
            // Step down now, not when (or if) the election tells: another node may lead within the session timeout.
            reconsider("session " + state);
            return;
        }
        if (state == ConnectionState.RECONNECTED) {
            rejoin();
        }
        reconsider("session " + state);
    }

    /** Back in the election after a reconnection: stopping and starting the view requeues its Curator leader selector. */
    private void rejoin() {
        routeActions.submit(() -> {
            if (view == null || view.getLocalMember().isLeader()) {
                return;
            }
            try {
                view.stop();
            } catch (Exception e) {
                LOG.debug("Cluster: stopping the view before rejoining: {}", e.getMessage());
            }
            try {
                view.start();
                LOG.info("Cluster: node {} rejoined the election", nodeId());
            } catch (Exception e) {
                LOG.warn("Cluster: could not rejoin the election: {}", e.getMessage());
            }
        });
    }

    private synchronized void reconsider(String why) {
        if (context.isStopping() || context.isStopped()) {
            return; // the shutdown stops the routes itself
        }
        boolean now = sessionUp && view != null && view.getLocalMember().isLeader();
        if (now == leading) {
            return;
        }
        leading = now;
        if (now) {
            termStarted = clock.instant();
            LOG.info("Cluster: node {} is the leader ({}); starting {}", nodeId(), why, routeIds());
            routeActions.submit(this::startTerm);
        } else {
            termStarted = null;
            LOG.info("Cluster: node {} is standby ({}); stopping {}", nodeId(), why, routeIds());
            routeActions.submit(this::stopRoutes);
        }
    }

    private void startTerm() {
        if (!leading) {
            return;
        }
        onNewTerm.run();
        for (Route route : managed) {
            try {
                context.getRouteController().startRoute(route.getRouteId());
            } catch (Exception e) {
                LOG.warn("Cluster: could not start route {}: {}", route.getRouteId(), e.getMessage());
            }
        }
    }

    private void stopRoutes() {
        for (Route route : managed) {
            try {
                context.getRouteController().stopRoute(route.getRouteId(), STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Cluster: could not stop route {}: {}", route.getRouteId(), e.getMessage());
            }
        }
    }

    private List<String> routeIds() {
        return managed.stream().map(Route::getRouteId).sorted().toList();
    }

    @Override
    public String role() {
        return leading ? "leader" : "standby";
    }

    @Override
    public String nodeId() {
        return service.getId();
    }

    @Override
    public boolean leads() {
        return leading;
    }

    @Override
    public boolean confirmedLeader() {
        return leading && sessionUp && leaderId().filter(nodeId()::equals).isPresent();
    }

    @Override
    public Optional<String> leaderId() {
        CamelClusterView v = view;
        if (v == null || !sessionUp) {
            return Optional.empty();
        }
        try {
            return v.getLeader().map(CamelClusterMember::getId);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Instant termStarted() {
        return termStarted;
    }

    @Override
    public Optional<String> coordinatorProblem() {
        return sessionUp ? Optional.empty() : Optional.of("not connected to ZooKeeper");
    }
}
