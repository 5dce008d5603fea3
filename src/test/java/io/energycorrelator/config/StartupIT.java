package io.energycorrelator.config;

import io.energycorrelator.Application;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged service refuses a bad setting with one line naming the key, and exit code 2. */
class StartupIT {

    @Test
    void aNegativeWindowStopsStartUpNamingTheKey() throws Exception {
        ProcessBuilder java = new ProcessBuilder(javaBinary(), "-jar", "target/energy-correlator.jar")
                .redirectErrorStream(true);
        java.environment().put("CORRELATOR_ESTIMATOR", "nearest"); // the rule that reads the window
        java.environment().put("CORRELATION_WINDOW_SECONDS", "-10");
        java.environment().put("INFLUXDB_TOKEN", "token-that-must-not-be-printed");
        java.environment().put("HTTP_PORT", "0");
        Process process = java.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(Application.EXIT_INVALID_CONFIGURATION);
        assertThat(output).contains("Invalid configuration: correlator.correlation-window-seconds "
                + "(environment CORRELATION_WINDOW_SECONDS) = '-10' is not allowed: expected a whole number from 2 to 3600");
        assertThat(output).doesNotContain("\tat ").doesNotContain("token-that-must-not-be-printed");
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
