package io.energycorrelator.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An active/passive pair: off (one process, no coordinator) unless a ZooKeeper connect string is set.
 *
 * @param zookeeper      the ZooKeeper ensemble, {@code host:port[,host:port...]}, or empty for a single process
 * @param nodeId         this process's name among the pair (shown by /health, /statistics and the 409 of a standby)
 * @param sessionTimeout how long ZooKeeper waits for a silent node before its leadership passes to another
 */
public record ClusterSettings(Optional<String> zookeeper, String nodeId, Duration sessionTimeout) {

    /** host:port pairs, comma-separated; no chroot (the service keeps its own base path). */
    private static final Pattern CONNECT_STRING =
            Pattern.compile("[A-Za-z0-9_.\\-]+:[0-9]{1,5}(,[A-Za-z0-9_.\\-]+:[0-9]{1,5})*");

    public static ClusterSettings read(Settings r) {
        Optional<String> zookeeper = Optional.empty();
        Setting connectString = r.get("correlator.cluster.zookeeper");
        if (connectString.isSet()) {
            zookeeper = Optional.of(connectString.matching(CONNECT_STRING,
                    "host:port, or several comma-separated (a ZooKeeper ensemble), e.g. zookeeper:2181"));
        }
        String nodeId = r.get("correlator.cluster.node-id").isSet() ? r.get("correlator.cluster.node-id").name() : hostName();
        return new ClusterSettings(zookeeper, nodeId, r.get("correlator.cluster.session-timeout-seconds").seconds(2, 60));
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
