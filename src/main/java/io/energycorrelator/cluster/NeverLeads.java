package io.energycorrelator.cluster;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A shard this replica may not lead (not in CLUSTER_SHARDS): it takes no part in that shard's election, so it never
 * leads it. As a route policy it keeps the routes it governs from starting at all. It does not know who leads the
 * shard (it does not watch the election).
 */
public final class NeverLeads extends RoutePolicySupport implements Leadership {

    private final String nodeId;
    private final int shard;

    public NeverLeads(String nodeId, int shard) {
        this.nodeId = nodeId;
        this.shard = shard;
    }

    /** A route that would start by itself never does here. */
    @Override
    public void onInit(Route route) {
        route.setAutoStartup(false);
    }

    @Override
    public String role() {
        return "standby";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean leads() {
        return false;
    }

    @Override
    public boolean confirmedLeader() {
        return false;
    }

    @Override
    public Optional<String> leaderId() {
        return Optional.empty();
    }

    @Override
    public Instant termStarted() {
        return null;
    }

    @Override
    public Optional<String> coordinatorProblem() {
        return Optional.empty();
    }

    /** Not "no node leads": another replica, whose CLUSTER_SHARDS includes this shard, does. */
    @Override
    public Map<String, Object> refusal() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "node " + nodeId + " never leads shard " + shard
                + " (not in its CLUSTER_SHARDS): send it to a node that leads that shard");
        body.put("role", role());
        body.put("node", nodeId);
        body.put("leader", null);
        return body;
    }
}
