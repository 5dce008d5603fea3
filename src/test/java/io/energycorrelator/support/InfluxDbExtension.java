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
 * JUnit 5 extension: a real InfluxDB for the test class, with a bucket of its own. Inject
 * {@link TestBucket} into a test or lifecycle method. The bucket is deleted after the class; the server
 * stops when the JVM ends.
 */
public class InfluxDbExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(InfluxDbExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        bucket(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBucket.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return bucket(context);
    }

    private static TestBucket bucket(ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context) : context;
        return classContext.getStore(NS).getOrComputeIfAbsent("bucket", key -> create(classContext), TestBucket.class);
    }

    private static TestBucket create(ExtensionContext context) {
        InfluxDbServer server = InfluxDbServer.get();
        String name = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        InfluxDBClient admin = InfluxDBClientFactory.create(server.url(), server.token().toCharArray(), server.org());
        Organization org = admin.getOrganizationsApi().findOrganizations().stream()
                .filter(o -> o.getName().equals(server.org())).findFirst().orElseThrow();
        Bucket bucket = admin.getBucketsApi().createBucket(name, org);
        return new TestBucket(server, name, bucket.getId(), admin);
    }
}
