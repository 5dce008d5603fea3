package io.energycorrelator.support;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.Organization;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Locale;
import java.util.UUID;

/**
 * JUnit 5 extension: a real InfluxDB, with buckets of their own. A {@link TestBucket} injected into a
 * {@code @BeforeAll} method belongs to the test class; one injected into a test method belongs to that
 * test alone. A bucket is deleted when its owner is done; the server stops when the JVM ends. On InfluxDB 1.8
 * a bucket is a database of its own, named "database/autogen", whose id is the database's name.
 */
public class InfluxDbExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(InfluxDbExtension.class);

    /** Starts the server (and builds it, the first time) before any test of the class runs. */
    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    /** The 2.x server, or the 1.8 one for a test class marked {@link OnInfluxDb18}. */
    private static InfluxDbServer server(ExtensionContext context) {
        return InfluxDbServer.get(context.getRequiredTestClass().isAnnotationPresent(OnInfluxDb18.class) ? "1.8" : "2");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBucket.class;
    }

    /** Each TestBucket parameter of a method gets a bucket of its own. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("bucket-" + parameter.getIndex(), key -> create(context),
                TestBucket.class);
    }

    private static TestBucket create(ExtensionContext context) {
        InfluxDbServer server = server(context);
        String name = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                + context.getTestMethod().map(m -> "-" + m.getName().toLowerCase(Locale.ROOT)).orElse("")
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        InfluxDBClient admin = InfluxDBClientFactory.create(server.url(), server.token().toCharArray(), server.org());
        if (server.v18()) {
            InfluxQl.createDatabase(server, name);
            return new TestBucket(server, name + "/autogen", name, admin);
        }
        Organization org = admin.getOrganizationsApi().findOrganizations().stream()
                .filter(o -> o.getName().equals(server.org())).findFirst().orElseThrow();
        Bucket bucket = admin.getBucketsApi().createBucket(name, org);
        return new TestBucket(server, name, bucket.getId(), admin);
    }
}
