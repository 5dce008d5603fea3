package io.energycorrelator.homes;

import io.energycorrelator.backfill.Backfill;
import io.energycorrelator.backfill.BackfillRun;
import io.energycorrelator.cluster.Leadership;
import io.energycorrelator.correlate.CorrelationMerge;
import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.CyclePlanner;
import io.energycorrelator.correlate.LateRows;
import io.energycorrelator.correlate.LookBack;
import io.energycorrelator.correlate.MeterWindowLoader;
import io.energycorrelator.correlate.PowerStepReader;
import io.energycorrelator.correlate.RefusedPoints;
import io.energycorrelator.correlate.RouteNames;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.correlate.StateChangesRead;
import io.energycorrelator.correlate.SupersededCorrelations;
import io.energycorrelator.correlate.TrackedDomains;
import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.dashboard.DashboardRequests;
import io.energycorrelator.dashboard.MeterReadings;
import io.energycorrelator.dashboard.RecentCorrelations;
import io.energycorrelator.devices.DeviceEnergy;
import io.energycorrelator.devices.DeviceProfiles;
import io.energycorrelator.devices.DevicesReport;
import io.energycorrelator.devices.profile.ProfileChanges;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.operations.StatisticsReport;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.apache.camel.component.influxdb2.data.Records;
import org.apache.camel.support.RoutePolicySupport;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * With a homes file, the beans the shared routes name ({@code ref: watermark}, …) are these: each method does what
 * the default home's bean of that name does, for the home the exchange works for (its property {@value Homes#PROPERTY},
 * set by the home's route, or by an API route from {@code ?home=}). Without a homes file they are not used: the names
 * are the default home's own beans.
 */
public final class HomeDispatchers {

    private HomeDispatchers() {
    }

    /** Every dispatcher by the name the routes use. */
    public static Map<String, Object> all(Homes homes) {
        return Map.ofEntries(
                Map.entry("cyclePlanner", new CyclePlannerOfHome(homes)),
                Map.entry("lateRows", new LateRowsOfHome(homes)),
                Map.entry("watermark", new WatermarkOfHome(homes)),
                Map.entry("supersededCorrelations", new SupersededCorrelationsOfHome(homes)),
                Map.entry("deviceProfiles", new DeviceProfilesOfHome(homes)),
                Map.entry("stateChangeReader", new StateChangeReaderOfHome(homes)),
                Map.entry("trackedDomains", new TrackedDomainsOfHome(homes)),
                Map.entry("meterWindowLoader", new MeterWindowLoaderOfHome(homes)),
                Map.entry("refusedPoints", new RefusedPointsOfHome(homes)),
                Map.entry("powerStepReader", new PowerStepReaderOfHome(homes)),
                Map.entry("correlationMerge", new CorrelationMergeOfHome(homes)),
                Map.entry("deviceEnergy", new DeviceEnergyOfHome(homes)),
                Map.entry("devicesReport", new DevicesReportOfHome(homes)),
                Map.entry("backfill", new BackfillOfHome(homes)),
                Map.entry("statisticsReport", new StatisticsReportOfHome(homes)),
                Map.entry("leaderOnly", new LeadershipOfHome(homes)),
                Map.entry("recentCorrelations", new RecentCorrelationsOfHome(homes)),
                Map.entry("meterReadings", new MeterReadingsOfHome(homes)));
    }

    /** What every dispatcher does first: the exchange's home's bean of a type. */
    abstract static class OfHome<T> {
        private final Homes homes;
        private final Class<T> type;

        OfHome(Homes homes, Class<T> type) {
            this.homes = homes;
            this.type = type;
        }

        T of(String home) {
            return homes.of(home).bean(type);
        }

        T of(Exchange exchange) {
            return of(exchange.getProperty(Homes.PROPERTY, String.class));
        }
    }

    public static final class CyclePlannerOfHome extends OfHome<CyclePlanner> {
        CyclePlannerOfHome(Homes homes) {
            super(homes, CyclePlanner.class);
        }

        public Cycle plan(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).plan();
        }
    }

    public static final class LateRowsOfHome extends OfHome<LateRows> {
        LateRowsOfHome(Homes homes) {
            super(homes, LateRows.class);
        }

        public void recallOnce(@ExchangeProperty(Homes.PROPERTY) String home, @ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
            of(home).recallOnce(cycle);
        }

        public long auditTooLate(@ExchangeProperty(Homes.PROPERTY) String home, @ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
            return of(home).auditTooLate(cycle);
        }

        public List<StateChange> withLateReadings(@ExchangeProperty(Homes.PROPERTY) String home, @Body List<StateChange> changes,
                @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack, @ExchangeProperty(RouteNames.METER_WINDOW) MeterWindow meter) {
            return of(home).withLateReadings(changes, lookBack, meter);
        }

        public void settled(@ExchangeProperty(Homes.PROPERTY) String home, @ExchangeProperty(RouteNames.CYCLE) Cycle cycle,
                @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read,
                @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack, @ExchangeProperty(RouteNames.METER_WINDOW) MeterWindow meter) {
            of(home).settled(cycle, read, lookBack, meter);
        }
    }

    public static final class WatermarkOfHome extends OfHome<Watermark> {
        WatermarkOfHome(Homes homes) {
            super(homes, Watermark.class);
        }

        public List<String> pointsWithLastBatch(@ExchangeProperty(Homes.PROPERTY) String home,
                @ExchangeProperty(RouteNames.CYCLE) Cycle cycle, @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read,
                @ExchangeProperty(RouteNames.PROFILE_POINTS) Records profiles) {
            return of(home).pointsWithLastBatch(cycle, read, profiles);
        }

        public void stored(@ExchangeProperty(Homes.PROPERTY) String home,
                @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read) {
            of(home).stored(read);
        }

        public void removeOlderPoints(@ExchangeProperty(Homes.PROPERTY) String home) {
            of(home).removeOlderPoints();
        }
    }

    public static final class SupersededCorrelationsOfHome extends OfHome<SupersededCorrelations> {
        SupersededCorrelationsOfHome(Homes homes) {
            super(homes, SupersededCorrelations.class);
        }

        public void remove(@ExchangeProperty(Homes.PROPERTY) String home, @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack) {
            of(home).remove(lookBack);
        }
    }

    public static final class DeviceProfilesOfHome extends OfHome<DeviceProfiles> {
        DeviceProfilesOfHome(Homes homes) {
            super(homes, DeviceProfiles.class);
        }

        public ProfileChanges startRange(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).startRange();
        }

        public void learnInTimeOrder(@ExchangeProperty(Homes.PROPERTY) String home, @Body Correlation correlation,
                @ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
            of(home).learnInTimeOrder(correlation, changes);
        }

        public Records changedPoints(@ExchangeProperty(Homes.PROPERTY) String home,
                @ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
            return of(home).changedPoints(changes);
        }

        public Records allPoints(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).allPoints();
        }

        public void forgetCycle(@ExchangeProperty(Homes.PROPERTY) String home,
                @ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
            of(home).forgetCycle(changes);
        }
    }

    public static final class StateChangeReaderOfHome extends OfHome<StateChangeReader> {
        StateChangeReaderOfHome(Homes homes) {
            super(homes, StateChangeReader.class);
        }

        public List<StateChange> read(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle, Exchange exchange) {
            return of(exchange).read(cycle, exchange);
        }
    }

    public static final class TrackedDomainsOfHome extends OfHome<TrackedDomains> {
        TrackedDomainsOfHome(Homes homes) {
            super(homes, TrackedDomains.class);
        }

        public List<StateChange> keep(@ExchangeProperty(Homes.PROPERTY) String home, @Body List<StateChange> changes,
                @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read,
                @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack) {
            return of(home).keep(changes, read, lookBack);
        }
    }

    public static final class MeterWindowLoaderOfHome extends OfHome<MeterWindowLoader> {
        MeterWindowLoaderOfHome(Homes homes) {
            super(homes, MeterWindowLoader.class);
        }

        public MeterWindow load(@Body List<StateChange> changes, @ExchangeProperty(RouteNames.CYCLE) Cycle cycle,
                @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read,
                @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack, Exchange exchange) {
            return of(exchange).load(changes, cycle, read, lookBack, exchange);
        }
    }

    public static final class RefusedPointsOfHome extends OfHome<RefusedPoints> {
        RefusedPointsOfHome(Homes homes) {
            super(homes, RefusedPoints.class);
        }

        public List<Records> halves(Exchange exchange) throws InvalidPayloadException {
            return of(exchange).halves(exchange);
        }
    }

    public static final class PowerStepReaderOfHome extends OfHome<PowerStepReader> implements Processor {
        PowerStepReaderOfHome(Homes homes) {
            super(homes, PowerStepReader.class);
        }

        @Override
        public void process(Exchange exchange) {
            of(exchange).process(exchange);
        }
    }

    public static final class CorrelationMergeOfHome extends OfHome<CorrelationMerge> implements AggregationStrategy {
        CorrelationMergeOfHome(Homes homes) {
            super(homes, CorrelationMerge.class);
        }

        @Override
        public Exchange aggregate(Exchange original, Exchange resource) {
            return of(original).aggregate(original, resource);
        }
    }

    public static final class DeviceEnergyOfHome extends OfHome<DeviceEnergy> {
        DeviceEnergyOfHome(Homes homes) {
            super(homes, DeviceEnergy.class);
        }

        public Records lastCompleteDay(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).lastCompleteDay();
        }

        public Records forRange(@ExchangeProperty(Homes.PROPERTY) String home, @Header("start") Instant start, @Header("end") Instant end) {
            return of(home).forRange(start, end);
        }
    }

    public static final class DevicesReportOfHome extends OfHome<DevicesReport> {
        DevicesReportOfHome(Homes homes) {
            super(homes, DevicesReport.class);
        }

        public List<DevicesReport.Device> list(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).list();
        }

        public DevicesReport.DeviceDetail one(@ExchangeProperty(Homes.PROPERTY) String home, @Header("entity_id") String entityId) {
            return of(home).one(entityId);
        }

        public Map<String, String> noProfile(@ExchangeProperty(Homes.PROPERTY) String home, @Header("entity_id") String entityId) {
            return of(home).noProfile(entityId);
        }
    }

    public static final class BackfillOfHome extends OfHome<Backfill> {
        BackfillOfHome(Homes homes) {
            super(homes, Backfill.class);
        }

        public Backfill.Answer start(@ExchangeProperty(Homes.PROPERTY) String home, @Body String body) {
            return of(home).start(body);
        }

        public Backfill.Answer status(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).status();
        }

        public BackfillRun accepted(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).accepted();
        }

        public boolean mustStop(@ExchangeProperty(Homes.PROPERTY) String home, @ExchangeProperty(Backfill.RUN) BackfillRun run) {
            return of(home).mustStop(run);
        }

        public void counted(@ExchangeProperty(Homes.PROPERTY) String home, @ExchangeProperty(Backfill.RUN) BackfillRun run,
                @ExchangeProperty(RouteNames.CYCLE) Cycle chunk, Exchange exchange) {
            of(home).counted(run, chunk, exchange);
        }

        public void completed(@ExchangeProperty(Homes.PROPERTY) String home, @ExchangeProperty(Backfill.RUN) BackfillRun run) {
            of(home).completed(run);
        }

        public void failed(@ExchangeProperty(Homes.PROPERTY) String home, @ExchangeProperty(Backfill.RUN) BackfillRun run,
                @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught) {
            of(home).failed(run, caught);
        }
    }

    public static final class StatisticsReportOfHome extends OfHome<StatisticsReport> {
        StatisticsReportOfHome(Homes homes) {
            super(homes, StatisticsReport.class);
        }

        public StatisticsReport.Report current(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).current();
        }

        public StatisticsReport.Message reset(@ExchangeProperty(Homes.PROPERTY) String home) {
            return of(home).reset();
        }
    }

    /**
     * The leadership of the home's shard (for POST /backfill: only the shard's leader backfills a home). Also a route
     * policy that does nothing, for the Home Assistant sensors' routes, which name it but never start with a homes file.
     */
    public static final class LeadershipOfHome extends RoutePolicySupport {
        private final Homes homes;

        LeadershipOfHome(Homes homes) {
            this.homes = homes;
        }

        public boolean notConfirmedLeader(@ExchangeProperty(Homes.PROPERTY) String home) {
            return homes.of(home).bean(Leadership.class).notConfirmedLeader();
        }

        public Map<String, Object> refusal(@ExchangeProperty(Homes.PROPERTY) String home) {
            return homes.of(home).bean(Leadership.class).refusal();
        }
    }

    public static final class RecentCorrelationsOfHome extends OfHome<RecentCorrelations> {
        RecentCorrelationsOfHome(Homes homes) {
            super(homes, RecentCorrelations.class);
        }

        public List<RecentCorrelations.Correlation> read(@ExchangeProperty(Homes.PROPERTY) String home,
                @Body DashboardRequests.CorrelationsRequest request) {
            return of(home).read(request);
        }
    }

    public static final class MeterReadingsOfHome extends OfHome<MeterReadings> {
        MeterReadingsOfHome(Homes homes) {
            super(homes, MeterReadings.class);
        }

        public MeterReadings.Window around(@ExchangeProperty(Homes.PROPERTY) String home, @Body DashboardRequests.MeterRequest request) {
            return of(home).around(request);
        }
    }

}
