package io.energycorrelator.profile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnOffStatesTest {

    @Test
    void switchesLightsAndFansAreOnInOnOnly() {
        for (String domain : new String[] {"switch", "light", "fan"}) {
            assertThat(OnOffStates.supports(domain)).isTrue();
            assertThat(OnOffStates.isOn(domain, "on")).isTrue();
            assertThat(OnOffStates.isOn(domain, " ON ")).isTrue();
            assertThat(OnOffStates.isOn(domain, "off")).isFalse();
            assertThat(OnOffStates.isOn(domain, "unavailable")).isFalse();
            assertThat(OnOffStates.isOn(domain, null)).isFalse();
        }
    }

    @Test
    void climateIsOnInAnythingButOffUnknownAndUnavailable() {
        assertThat(OnOffStates.supports("climate")).isTrue();
        assertThat(OnOffStates.isOn("climate", "heat")).isTrue();
        assertThat(OnOffStates.isOn("climate", "cool")).isTrue();
        assertThat(OnOffStates.isOn("climate", "heat_cool")).isTrue();
        assertThat(OnOffStates.isOn("climate", "off")).isFalse();
        assertThat(OnOffStates.isOn("climate", "unknown")).isFalse();
        assertThat(OnOffStates.isOn("climate", "unavailable")).isFalse();
        assertThat(OnOffStates.isOn("climate", "")).isFalse();
    }

    @Test
    void otherDomainsDoNotMapToOnAndOff() {
        assertThat(OnOffStates.supports("cover")).isFalse();
        assertThat(OnOffStates.supports(null)).isFalse();
        assertThatThrownBy(() -> OnOffStates.isOn("cover", "open")).isInstanceOf(IllegalArgumentException.class);
    }
}
