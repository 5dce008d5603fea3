package io.energycorrelator.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {

    @Test
    void unsetMeansOneProcessNamedAfterTheHost() throws IOException {
        ClusterSettings s = ClusterSettings.read(SettingsTest.reader(SettingsTest.defaults()));
        assertThat(s.enabled()).isFalse();
        assertThat(s.zookeeper()).isEmpty();
        assertThat(s.nodeId()).isNotBlank();
        assertThat(s.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.shardCount()).isEqualTo(1);
        assertThat(s.shards()).containsExactly(0);
    }

    @Test
    void theShardsThisReplicaMayLeadAreListsAndRangesBelowTheCountAndAllWhenEmpty() throws IOException {
        Map<String, String> values = SettingsTest.defaults();
        values.put("correlator.cluster.shard-count", "8");
        assertThat(ClusterSettings.read(SettingsTest.reader(values)).shards()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        values.put("correlator.cluster.shards", " 5-7 , 0,2, 6 ");
        ClusterSettings s = ClusterSettings.read(SettingsTest.reader(values));
        assertThat(s.shardCount()).isEqualTo(8);
        assertThat(s.shards()).containsExactly(0, 2, 5, 6, 7);
        values.put("correlator.cluster.shards", "3-3");
        assertThat(ClusterSettings.read(SettingsTest.reader(values)).shards()).containsExactly(3);
    }

    @Test
    void theVariableNamedWhenZooKeeperHoldsAnotherCountIsTheOneApplicationPropertiesNames() throws IOException {
        assertThat(SettingsTest.environmentVariables())
                .containsEntry(ClusterSettings.SHARD_COUNT_KEY, ClusterSettings.SHARD_COUNT_ENVIRONMENT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"8", "0,8", "7-8", "3-1", "1,,2", "-1", "a", "0;1", "1-", "00001-2-3"})
    void aShardAtOrAboveTheCountOrNotAShardStopsStartUpNamingTheKey(String shards) throws IOException {
        Map<String, String> values = SettingsTest.defaults();
        values.put("correlator.cluster.shard-count", "8");
        values.put("correlator.cluster.shards", shards);
        assertThatThrownBy(() -> ClusterSettings.read(SettingsTest.reader(values)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: correlator.cluster.shards (environment CLUSTER_SHARDS) = '" + shards
                        + "' is not allowed: expected comma-separated shards from 0 to 7 (below correlator.cluster.shard-count"
                        + " = 8), or ranges of them such as 0,2,5-7; empty: all");
    }

    @Test
    void aPairReadsItsConnectStringNodeAndTimeout() throws IOException {
        Map<String, String> values = SettingsTest.defaults();
        values.put("correlator.cluster.zookeeper", "zk1.local:2181,10.0.0.2:2181");
        values.put("correlator.cluster.node-id", "node-a");
        values.put("correlator.cluster.session-timeout-seconds", "4");
        ClusterSettings s = ClusterSettings.read(SettingsTest.reader(values));
        assertThat(s).isEqualTo(new ClusterSettings(Optional.of("zk1.local:2181,10.0.0.2:2181"), "node-a", Duration.ofSeconds(4)))
                .isEqualTo(new ClusterSettings(Optional.of("zk1.local:2181,10.0.0.2:2181"), "node-a", Duration.ofSeconds(4),
                        1, List.of(0)));
        assertThat(s.enabled()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "correlator.cluster.zookeeper | CLUSTER_ZOOKEEPER | zookeeper",
            "correlator.cluster.zookeeper | CLUSTER_ZOOKEEPER | zk:2181/chroot",
            "correlator.cluster.zookeeper | CLUSTER_ZOOKEEPER | zk:2181,",
            "correlator.cluster.node-id | CLUSTER_NODE_ID | node a",
            "correlator.cluster.session-timeout-seconds | CLUSTER_SESSION_TIMEOUT_SECONDS | 1",
            "correlator.cluster.session-timeout-seconds | CLUSTER_SESSION_TIMEOUT_SECONDS | 61",
            "correlator.cluster.session-timeout-seconds | CLUSTER_SESSION_TIMEOUT_SECONDS | ten",
            "correlator.cluster.shard-count | CLUSTER_SHARD_COUNT | 0",
            "correlator.cluster.shard-count | CLUSTER_SHARD_COUNT | 1025",
            "correlator.cluster.shard-count | CLUSTER_SHARD_COUNT | four",
            "correlator.cluster.shards | CLUSTER_SHARDS | 1",
    })
    void aBadValueNamesTheKeyAndItsVariable(String key, String variable, String value) throws IOException {
        Map<String, String> values = SettingsTest.defaults();
        values.put(key, value);
        assertThatThrownBy(() -> ClusterSettings.read(SettingsTest.reader(values)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("environment " + variable)
                .hasMessageContaining("'" + value + "'");
    }
}
