package io.energycorrelator.influx;

import com.influxdb.LogLevel;
import com.influxdb.client.AuthorizationsApi;
import com.influxdb.client.BucketsApi;
import com.influxdb.client.ChecksApi;
import com.influxdb.client.DashboardsApi;
import com.influxdb.client.DeleteApi;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxQLQueryApi;
import com.influxdb.client.InvokableScriptsApi;
import com.influxdb.client.LabelsApi;
import com.influxdb.client.NotificationEndpointsApi;
import com.influxdb.client.NotificationRulesApi;
import com.influxdb.client.OrganizationsApi;
import com.influxdb.client.QueryApi;
import com.influxdb.client.ScraperTargetsApi;
import com.influxdb.client.SourcesApi;
import com.influxdb.client.TasksApi;
import com.influxdb.client.TelegrafsApi;
import com.influxdb.client.UsersApi;
import com.influxdb.client.VariablesApi;
import com.influxdb.client.WriteApi;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.WriteOptions;
import com.influxdb.client.domain.HealthCheck;
import com.influxdb.client.domain.OnboardingRequest;
import com.influxdb.client.domain.OnboardingResponse;
import com.influxdb.client.domain.Ready;

/**
 * The InfluxDB client that the {@code influxdb2:} endpoints use: every call goes to the real client, except
 * that the write API it hands out writes synchronously.
 *
 * <p>Why ours: camel-influxdb2 (4.17) writes only through the client's asynchronous, batching {@link WriteApi}, where a rejected write reaches no caller and buffered points die with the process; given {@link BlockingWriteApi}, a write returns once InfluxDB accepted it and a rejected one fails the exchange (WriteFailureIT, faults/InfluxDbOutageIT).
 *
 * <p>Plain delegation through the client's public interfaces; nothing is buffered, so there is nothing to flush.
 */
public final class ConfirmedWritesClient implements InfluxDBClient {

    private final InfluxDBClient client;

    public ConfirmedWritesClient(InfluxDBClient client) {
        this.client = client;
    }

    @Override
    public WriteApi getWriteApi() {
        return makeWriteApi();
    }

    @Override
    public WriteApi makeWriteApi() {
        return new BlockingWriteApi(client.getWriteApiBlocking());
    }

    @Override
    public WriteApi getWriteApi(WriteOptions writeOptions) {
        return makeWriteApi();
    }

    @Override
    public WriteApi makeWriteApi(WriteOptions writeOptions) {
        return makeWriteApi();
    }

    @Override
    public WriteApiBlocking getWriteApiBlocking() {
        return client.getWriteApiBlocking();
    }

    @Override
    public QueryApi getQueryApi() {
        return client.getQueryApi();
    }

    @Override
    public AuthorizationsApi getAuthorizationsApi() {
        return client.getAuthorizationsApi();
    }

    @Override
    public BucketsApi getBucketsApi() {
        return client.getBucketsApi();
    }

    @Override
    public OrganizationsApi getOrganizationsApi() {
        return client.getOrganizationsApi();
    }

    @Override
    public SourcesApi getSourcesApi() {
        return client.getSourcesApi();
    }

    @Override
    public TasksApi getTasksApi() {
        return client.getTasksApi();
    }

    @Override
    public UsersApi getUsersApi() {
        return client.getUsersApi();
    }

    @Override
    public ScraperTargetsApi getScraperTargetsApi() {
        return client.getScraperTargetsApi();
    }

    @Override
    public TelegrafsApi getTelegrafsApi() {
        return client.getTelegrafsApi();
    }

    @Override
    public LabelsApi getLabelsApi() {
        return client.getLabelsApi();
    }

    @Override
    public VariablesApi getVariablesApi() {
        return client.getVariablesApi();
    }

    @Override
    public DashboardsApi getDashboardsApi() {
        return client.getDashboardsApi();
    }

    @Override
    public ChecksApi getChecksApi() {
        return client.getChecksApi();
    }

    @Override
    public NotificationEndpointsApi getNotificationEndpointsApi() {
        return client.getNotificationEndpointsApi();
    }

    @Override
    public NotificationRulesApi getNotificationRulesApi() {
        return client.getNotificationRulesApi();
    }

    @Override
    public DeleteApi getDeleteApi() {
        return client.getDeleteApi();
    }

    @Override
    public InvokableScriptsApi getInvokableScriptsApi() {
        return client.getInvokableScriptsApi();
    }

    @Override
    public InfluxQLQueryApi getInfluxQLQueryApi() {
        return client.getInfluxQLQueryApi();
    }

    @Override
    public <S> S getService(Class<S> service) {
        return client.getService(service);
    }

    @Override
    public HealthCheck health() {
        return client.health();
    }

    @Override
    public Boolean ping() {
        return client.ping();
    }

    @Override
    public String version() {
        return client.version();
    }

    @Override
    public Ready ready() {
        return client.ready();
    }

    @Override
    public OnboardingResponse onBoarding(OnboardingRequest onboarding) {
        return client.onBoarding(onboarding);
    }

    @Override
    public Boolean isOnboardingAllowed() {
        return client.isOnboardingAllowed();
    }

    @Override
    public LogLevel getLogLevel() {
        return client.getLogLevel();
    }

    @Override
    public InfluxDBClient setLogLevel(LogLevel logLevel) {
        client.setLogLevel(logLevel);
        return this;
    }

    @Override
    public InfluxDBClient enableGzip() {
        client.enableGzip();
        return this;
    }

    @Override
    public InfluxDBClient disableGzip() {
        client.disableGzip();
        return this;
    }

    @Override
    public boolean isGzipEnabled() {
        return client.isGzipEnabled();
    }

    @Override
    public void close() {
        client.close();
    }
}
