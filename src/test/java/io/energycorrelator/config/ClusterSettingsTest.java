package io.energycorrelator.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
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
    }

    @Test
    void aPairReadsItsConnectStringNodeAndTimeout() throws IOException {
        Map<String, String> values = SettingsTest.defaults();
        values.put("correlator.cluster.zookeeper", "zk1.local:2181,10.0.0.2:2181");
        values.put("correlator.cluster.node-id", "node-a");
        values.put("correlator.cluster.session-timeout-seconds", "4");
        ClusterSettings s = ClusterSettings.read(SettingsTest.reader(values));
        assertThat(s).isEqualTo(new ClusterSettings(Optional.of("zk1.local:2181,10.0.0.2:2181"), "node-a", Duration.ofSeconds(4)));
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
