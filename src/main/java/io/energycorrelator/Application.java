package io.energycorrelator;

import io.energycorrelator.config.InvalidSettingException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel Main entry point. Routes are YAML files under routes/ and settings come from application.properties,
 * both read from the working directory, so an engineer changes either without recompiling; so are the jars in
 * extensions/ (see {@link Extensions}), which add Camel components without rebuilding.
 */
public final class Application {

    static {
        // Before the first logger: LOG_LEVEL sets our own packages' level (simplelogger.properties has the rest).
        System.setProperty("org.slf4j.simpleLogger.log.io.energycorrelator",
                System.getenv().getOrDefault("LOG_LEVEL", "info").toLowerCase(java.util.Locale.ROOT));
    }

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** Exit code of a start-up refused for a bad setting (1 stays for any other failure). */
    public static final int EXIT_INVALID_CONFIGURATION = 2;

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = create();
        StopReport.installOn(main);
        try {
            main.run();
        } catch (Exception e) {
            InvalidSettingException invalid = invalidSetting(e);
            if (invalid == null) {
                throw e;
            }
            // One line naming the key is the whole answer: a stack trace would only bury it.
            LOG.error(invalid.getMessage());
            System.exit(EXIT_INVALID_CONFIGURATION);
        }
        System.exit(main.getExitCode());
    }

    /** The service, not yet started; tests start it with their own overrides. */
    public static Main create() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:application.properties");
        ServiceBeans.addTo(main.configure());
        useExtensions(main, Extensions.classLoader(Extensions.directory(System.getenv()), Application.class.getClassLoader()));
        return main;
    }

    /**
     * Camel finds components (and the classes routes name) through the context's application class loader and
     * the thread's context class loader: both become the extensions' loader before any route or component is
     * resolved. Threads Camel starts later inherit the context class loader.
     */
    private static void useExtensions(Main main, ClassLoader extensions) {
        if (extensions == Application.class.getClassLoader()) {
            return;
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeInitialize(BaseMainSupport camelMain) {
                Thread.currentThread().setContextClassLoader(extensions);
                camelMain.getCamelContext().setApplicationContextClassLoader(extensions);
            }
        });
    }

    private static InvalidSettingException invalidSetting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
