package io.energycorrelator.cluster;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether this process leads: the bean {@code leaderOnly} that the leader-only routes name as their route policy,
 * and what /health, /statistics, the backfill and the MQTT availability ask. Without CLUSTER_ZOOKEEPER it is a
 * {@link SingleNode}, which always leads and changes nothing; with it, a {@link ZooKeeperLeadership}.
 */
public interface Leadership {

    /** {@code single}, {@code leader} or {@code standby}. */
    String role();

    /** This process's node id (CLUSTER_NODE_ID, by default the host name). */
    String nodeId();

    /** Whether this process leads now, as far as it knows without asking the coordinator (no I/O). */
    boolean leads();

    /** For a route's filter: not {@link #confirmedLeader()}. */
    default boolean notConfirmedLeader() {
        return !confirmedLeader();
    }

    /**
     * The answer of a standby to what only the leader does (POST /backfill, HTTP 409): who leads, to ask there.
     * {@code leader} is null while none leads (an election under way, or ZooKeeper out of reach).
     */
    default java.util.Map<String, Object> refusal() {
        String leader = leaderId().orElse(null);
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", "node " + nodeId() + " is standby: only the leader backfills; "
                + (leader == null ? "no node leads right now, try again shortly" : "send it to the leader, node " + leader));
        body.put("role", role());
        body.put("node", nodeId());
        body.put("leader", leader);
        return body;
    }

    /**
     * Whether this process leads, confirmed with the coordinator (one round trip): false as soon as its session is
     * suspended, lost, or the coordinator names another leader. Asked before a cycle works, so that a process that
     * was paused past its session (a zombie) does not start a cycle after another node took over.
     */
    boolean confirmedLeader();

    /** The leader's node id as the coordinator names it; empty when none leads or the coordinator cannot be reached. */
    Optional<String> leaderId();

    /** When this process's current term as leader began (for a single process: its start); null while standby. */
    Instant termStarted();

    /** What is wrong with the coordinator (e.g. "not connected"), or empty when it is fine or there is none. */
    Optional<String> coordinatorProblem();

    /** "ok", the coordinator's problem, or null for a single process (the /health field "zookeeper"). */
    default String coordinatorField() {
        return coordinatorProblem().orElse("ok");
    }
}
