package io.energycorrelator.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a real ZooKeeper server ({@link ZooKeeperServer}, through {@code scripts/zookeeper.sh}) for each
 * test method that asks for one as a parameter, fresh (no election left over from another test) and stopped, its
 * data removed, when the test is done.
 */
public class ZooKeeperExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ZooKeeperExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ZooKeeperServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("zookeeper", key -> new Stopped(start()), Stopped.class).server();
    }

    private static ZooKeeperServer start() {
        try {
            return ZooKeeperServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start ZooKeeper through scripts/zookeeper.sh: " + e.getMessage(), e);
        }
    }

    /** Stops the server when the test's store closes. */
    private record Stopped(ZooKeeperServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
