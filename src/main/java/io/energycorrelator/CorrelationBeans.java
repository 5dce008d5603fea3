package io.energycorrelator;

import com.influxdb.client.InfluxDBClient;
import io.energycorrelator.backfill.Backfill;
import io.energycorrelator.backfill.BackfillChunks;
import io.energycorrelator.backfill.ChunkRedelivery;
import io.energycorrelator.cluster.Leadership;
import io.energycorrelator.cluster.SingleNode;
import io.energycorrelator.cluster.ZooKeeperPair;
import io.energycorrelator.config.BackfillSettings;
import io.energycorrelator.config.ClusterSettings;
import io.energycorrelator.config.CycleSettings;
import io.energycorrelator.config.EnergySettings;
import io.energycorrelator.config.EstimatorSettings;
import io.energycorrelator.config.InfluxSettings;
import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.config.Schema;
import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.correlate.CorrelationMerge;
import io.energycorrelator.correlate.CorrelationPoints;
import io.energycorrelator.correlate.Correlator;
import io.energycorrelator.correlate.CycleBookkeeping;
import io.energycorrelator.correlate.CyclePlanner;
import io.energycorrelator.correlate.KeptCorrelations;
import io.energycorrelator.correlate.LateRows;
import io.energycorrelator.correlate.MeterWindowLoader;
import io.energycorrelator.correlate.PowerStepReader;
import io.energycorrelator.correlate.RefusedPoints;
import io.energycorrelator.correlate.SkipLog;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.correlate.SupersededCorrelations;
import io.energycorrelator.correlate.TrackedDomains;
import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.devices.DeviceProfiles;
import io.energycorrelator.devices.profile.ProfileBook;
import io.energycorrelator.estimate.StepEstimator;
import io.energycorrelator.estimate.StepEstimators;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The beans of the correlation cycle and the backfill (routes/correlate.camel.yaml, routes/backfill.camel.yaml),
 * by the names the routes use, and the leadership that runs them on one node only.
 */
public class CorrelationBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CorrelationBeans.class);

    @BindToRegistry(lazy = true)
    public ProfileBook profileBook(EnergySettings settings) {
        return new ProfileBook(settings.recentSteps());
    }

    @BindToRegistry(lazy = true)
    public StepEstimator stepEstimator(EstimatorSettings estimator, MeterSettings meter, ProfileBook profileBook) {
        return StepEstimators.from(estimator, meter, profileBook);
    }

    @BindToRegistry(lazy = true)
    public Watermark watermark(@BeanInject("influxClient") InfluxDBClient influx, StreamingQuery query, FluxQueries queries,
            Statistics statistics, CycleSettings cycle, Clock clock, InfluxSettings settings) {
        return new Watermark(influx, query, queries, statistics, cycle.lookback(), clock, settings.bucket(), settings.org());
    }

    @BindToRegistry(lazy = true)
    public CyclePlanner cyclePlanner(Watermark watermark, CycleSettings cycle, StepEstimator estimator, Clock clock) {
        return new CyclePlanner(watermark, cycle, estimator.reach(), clock);
    }

    @BindToRegistry(lazy = true)
    public LateRows lateRows(StreamingQuery query, FluxQueries queries, Statistics statistics, Schema schema, CycleSettings cycle,
            StepEstimator estimator) {
        return new LateRows(query, queries, statistics, schema.entityTagHasDomain(), cycle.lateDataWindow(), estimator.reach());
    }

    @BindToRegistry(lazy = true)
    public SupersededCorrelations supersededCorrelations(@BeanInject("influxClient") InfluxDBClient influx, InfluxSettings settings) {
        return new SupersededCorrelations(influx, settings.bucket(), settings.org());
    }

    @BindToRegistry(lazy = true)
    public MeterWindowLoader meterWindowLoader(StreamingQuery query, FluxQueries queries, Statistics statistics, MeterSettings meter,
            Schema schema, StepEstimator estimator) {
        return new MeterWindowLoader(query, queries, statistics, meter, schema.meterWattsPerUnit(), meterReach(estimator, meter),
                estimator.settle());
    }

    @BindToRegistry(lazy = true)
    public StateChangeReader stateChangeReader(StreamingQuery query, FluxQueries queries, Statistics statistics, Schema schema,
            StepEstimator estimator, LateRows lateRows, MeterWindowLoader meterWindowLoader) {
        return new StateChangeReader(query, queries, statistics, schema, estimator.reach(), lateRows, meterWindowLoader);
    }

    @BindToRegistry(lazy = true)
    public TrackedDomains trackedDomains(Schema schema) {
        return new TrackedDomains(schema.trackedDomains());
    }

    @BindToRegistry(lazy = true)
    public PowerStepReader powerStepReader(StepEstimator estimator) {
        return new PowerStepReader(estimator);
    }

    @BindToRegistry(lazy = true)
    public CorrelationMerge correlationMerge(StepEstimator estimator, MeterSettings meter) {
        return new CorrelationMerge(new Correlator(estimator.reach(), new Confidence(meterReach(estimator, meter))));
    }

    @BindToRegistry(lazy = true)
    public KeptCorrelations keptCorrelations() {
        return new KeptCorrelations();
    }

    @BindToRegistry(lazy = true)
    public CorrelationPoints correlationPoints() {
        return new CorrelationPoints();
    }

    @BindToRegistry(lazy = true)
    public RefusedPoints refusedPoints(Statistics statistics) {
        return new RefusedPoints(statistics);
    }

    @BindToRegistry(lazy = true)
    public SkipLog skipLog() {
        return new SkipLog();
    }

    @BindToRegistry(lazy = true)
    public CycleBookkeeping cycleBookkeeping(Statistics statistics, SkipLog skipLog) {
        return new CycleBookkeeping(statistics, skipLog);
    }

    @BindToRegistry(lazy = true)
    public DeviceProfiles deviceProfiles(ProfileBook profileBook, StreamingQuery query, FluxQueries queries, Statistics statistics,
            EnergySettings settings) {
        return new DeviceProfiles(profileBook, query, queries, statistics, settings.forgetProfilesAfter());
    }

    /**
     * Without CLUSTER_ZOOKEEPER one process that always leads (a policy that does nothing); with it, the leader
     * election of a pair on ZooKeeper. A new term as leader starts as a start does: nothing cached from an earlier
     * term (another node worked meanwhile).
     */
    @BindToRegistry(value = "leaderOnly", lazy = true)
    public Leadership leaderOnly(ClusterSettings settings, Clock clock, CamelContext context, Watermark watermark, LateRows lateRows,
            DeviceProfiles deviceProfiles) {
        if (!settings.enabled()) {
            return new SingleNode(settings.nodeId(), clock.instant());
        }
        LOG.info("Cluster: node {} of a pair on ZooKeeper {} (session timeout {} s)", settings.nodeId(),
                settings.zookeeper().orElseThrow(), settings.sessionTimeout().toSeconds());
        return ZooKeeperPair.join(context, settings.zookeeper().orElseThrow(), settings.nodeId(), settings.sessionTimeout(), () -> {
            watermark.forget();
            lateRows.forget();
            deviceProfiles.forget();
        }, clock);
    }

    /** Its workers are the thread pool profile backfill-workers (application.properties). */
    @BindToRegistry(lazy = true)
    public Backfill backfill(BackfillSettings settings, Clock clock, CamelContext context, Leadership leadership, SkipLog skipLog) {
        // A backfill stops with the service, and on a leader that lost its leadership (the new one may redo it).
        return new Backfill(settings, clock, () -> context.isStopping() || !leadership.leads(), skipLog);
    }

    @BindToRegistry(lazy = true)
    public BackfillChunks backfillChunks(CycleSettings cycle) {
        return new BackfillChunks(cycle.maxSpan(), cycle.maxEvents());
    }

    @BindToRegistry(lazy = true)
    public ChunkRedelivery chunkRedelivery() {
        return new ChunkRedelivery();
    }

    /** A reading may stand in for an instant up to the maximum gap away: the meter window reaches that far too. */
    private static Duration meterReach(StepEstimator estimator, MeterSettings meter) {
        return estimator.reach().plus(meter.maxReadingGap());
    }
}
