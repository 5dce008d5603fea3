package io.energycorrelator.cluster;

import org.apache.camel.support.RoutePolicySupport;

import java.time.Instant;
import java.util.Optional;

/**
 * No CLUSTER_ZOOKEEPER: one process that always leads. As the route policy {@code leaderOnly} it does nothing, so
 * the routes start and run exactly as they do without it; no ZooKeeper class is loaded.
 */
public final class SingleNode extends RoutePolicySupport implements Leadership {

    private final String nodeId;
    private final Instant started;

    public SingleNode(String nodeId, Instant started) {
        this.nodeId = nodeId;
        this.started = started;
    }

    @Override
    public String role() {
        return "single";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean leads() {
        return true;
    }

    @Override
    public boolean confirmedLeader() {
        return true;
    }

    @Override
    public Optional<String> leaderId() {
        return Optional.of(nodeId);
    }

    @Override
    public Instant termStarted() {
        return started;
    }

    @Override
    public Optional<String> coordinatorProblem() {
        return Optional.empty();
    }

    @Override
    public String coordinatorField() {
        return null;
    }
}
