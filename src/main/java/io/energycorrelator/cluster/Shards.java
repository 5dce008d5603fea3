package io.energycorrelator.cluster;

import io.energycorrelator.config.ClusterSettings;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which shard a home belongs to: {@code Math.floorMod(CRC32(UTF-8 bytes of the home id), shardCount)}.
 * <p>
 * CRC32 (not {@link String#hashCode()}, not a seeded hash) because every replica, on any JVM and any version of the
 * service, must put a home in the same shard: a home in two shards would have two leaders. CRC32 is fixed by its
 * standard (ISO-HDLC, the one of zip and gzip), and {@code ShardsTest} pins its values. Changing this function, or the
 * shard count, moves homes between shards: all replicas must change together (the shard count is guarded in
 * ZooKeeper, see {@link ZooKeeperShards}).
 */
public final class Shards {

    /** The most shards CLUSTER_SHARD_COUNT allows. */
    public static final int MAX_COUNT = ClusterSettings.MAX_SHARD_COUNT;

    private Shards() {
    }

    /** The shard of {@code homeId}, from 0 to {@code shardCount - 1}. */
    public static int of(String homeId, int shardCount) {
        if (shardCount < 1 || shardCount > MAX_COUNT) {
            throw new IllegalArgumentException("shard count " + shardCount + " is not from 1 to " + MAX_COUNT);
        }
        CRC32 crc = new CRC32();
        crc.update(homeId.getBytes(StandardCharsets.UTF_8));
        return (int) Math.floorMod(crc.getValue(), (long) shardCount);
    }
}
