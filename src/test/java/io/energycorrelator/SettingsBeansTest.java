package io.energycorrelator;

import io.energycorrelator.config.InvalidSettingException;
import io.energycorrelator.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings as Camel's properties component gives them: resolved values, and each key's variable as written. */
class SettingsBeansTest {

    @Test
    void eachKeysVariableComesFromThePropertiesAsCamelLoadedThem() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:application.properties");
            context.getPropertiesComponent().addOverrideProperty("correlator.lookback-minutes", "0");
            context.start();

            Settings settings = new SettingsBeans().settings(context);

            assertThat(settings.get("correlator.correlation-window-seconds").environment()).isEqualTo("CORRELATION_WINDOW_SECONDS");
            assertThat(settings.get("correlator.correlation-window-seconds").value()).hasValue("10");
            assertThat(settings.get("camel.server.port").environment()).isEqualTo("HTTP_PORT");
            assertThat(settings.get("camel.main.name").environment()).isEqualTo("none");
            assertThatThrownBy(() -> new SettingsBeans().cycleSettings(settings)).isInstanceOf(InvalidSettingException.class)
                    .hasMessage("Invalid configuration: correlator.lookback-minutes (environment LOOKBACK_MINUTES) = '0' is not "
                            + "allowed: expected a whole number from 1 to 10080");
        }
    }
}
