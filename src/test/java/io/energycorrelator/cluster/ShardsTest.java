package io.energycorrelator.cluster;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardsTest {

    /** Computed once with java.util.zip.CRC32 and written down: a change here moves homes between shards. */
    @Test
    void theShardOfAHomeIsFixed() {
        assertThat(Shards.of("home-1", 8)).isEqualTo(0);
        assertThat(Shards.of("home-2", 8)).isEqualTo(2);
        assertThat(Shards.of("garden-house", 8)).isEqualTo(2);
        assertThat(Shards.of("a", 8)).isEqualTo(3);
        assertThat(Shards.of("home-1", 1024)).isEqualTo(200);
        assertThat(Shards.of("home-2", 1024)).isEqualTo(370);
        assertThat(Shards.of("garden-house", 1024)).isEqualTo(530);
        // UTF-8 bytes, not the platform's charset
        assertThat(Shards.of("maison-\u00e9te", 1024)).isEqualTo(928);
        assertThat(Shards.of("", 1024)).isEqualTo(0);
        assertThat(Shards.of("garden-house", 1)).isEqualTo(0);
    }

    @Test
    void aThousandHomesSpreadEvenlyOverEightShards() {
        int[] homes = new int[8];
        IntStream.range(0, 1000).forEach(i -> homes[Shards.of("home-" + i, 8)]++);
        assertThat(homes).containsExactly(124, 125, 126, 125, 126, 125, 124, 125);
    }

    @Test
    void aCountOutsideOneTo1024IsRefused() {
        assertThatThrownBy(() -> Shards.of("home-1", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shards.of("home-1", 1025)).isInstanceOf(IllegalArgumentException.class);
    }
}
