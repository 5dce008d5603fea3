package io.energycorrelator;

import io.energycorrelator.config.CorrelatorConfiguration;
import org.apache.camel.main.Main;

/**
 * Camel Main entry point. Routes are YAML files under routes/ and settings come from application.properties,
 * both read from the working directory, so an engineer changes either without recompiling.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = create();
        main.run();
        System.exit(main.getExitCode());
    }

    /** The service, not yet started; tests start it with their own overrides. */
    public static Main create() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:application.properties");
        main.configure().addConfiguration(new CorrelatorConfiguration());
        return main;
    }
}
