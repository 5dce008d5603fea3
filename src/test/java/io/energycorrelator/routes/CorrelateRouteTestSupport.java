package io.energycorrelator.routes;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.correlate.Statistics;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.influxdb2.data.Records;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/**
 * Runs the real routes/correlate.camel.yaml in seconds, without InfluxDB: the timer is replaced by
 * {@code direct:tick}, the {@code influxdb2:} write by {@code mock:influxdb}, the step that deletes older
 * watermark points by {@code mock:watermark-delete}, and the three beans that query InfluxDB by {@link RouteStubs}. The lamp example: power 2450 W → 2510 W around switch.lamp turning on,
 * 2505 W → 2385 W around climate.heater turning off, 2385 W → 2380 W around light.hall turning off, and a
 * sensor that is not a tracked domain.
 */
abstract class CorrelateRouteTestSupport extends RealRoutesTestSupport {

    static final Instant AFTER = Instant.parse("2024-03-01T19:00:00Z");
    static final Instant UNTIL = Instant.parse("2024-03-01T20:00:00Z");
    static final Instant LAMP_ON = Instant.parse("2024-03-01T19:30:05Z");
    static final Instant HEATER_OFF = Instant.parse("2024-03-01T19:40:05Z");
    static final Instant HALL_OFF = Instant.parse("2024-03-01T19:50:05Z");
    static final Instant BOILER = Instant.parse("2024-03-01T19:55:05Z");

    static final List<StateChange> DESIGN_EXAMPLE = List.of(
            new StateChange(LAMP_ON, "switch.lamp", "switch", "on", "off"),
            new StateChange(HEATER_OFF, "climate.heater", "climate", "off", "heat"),
            new StateChange(HALL_OFF, "light.hall", "light", "off", "on"),
            new StateChange(BOILER, "sensor.boiler", "sensor", "62", "61"));

    /** Readings every 2 s: 2450 W until the lamp, 2510 W... each level flat, so every estimator reads the same step. */
    static List<MeterWindow.Reading> designMeter() {
        List<MeterWindow.Reading> readings = new ArrayList<>();
        for (Instant t = AFTER; t.isBefore(UNTIL); t = t.plusSeconds(2)) {
            double watts = t.isBefore(LAMP_ON) ? 2450 : t.isBefore(HEATER_OFF.minusSeconds(300)) ? 2510
                    : t.isBefore(HEATER_OFF) ? 2505 : t.isBefore(HALL_OFF) ? 2385 : 2380;
            readings.add(new MeterWindow.Reading(t.plusMillis(1), watts));
        }
        return readings;
    }

    protected final RouteStubs.GivenStateChanges stateChanges = new RouteStubs.GivenStateChanges(DESIGN_EXAMPLE);

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        // After the real beans: the three that query InfluxDB give way to stubs.
        configuration.addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                replace(context.getRegistry(), "cyclePlanner", new RouteStubs.FixedCycles(AFTER, UNTIL));
                replace(context.getRegistry(), "stateChangeReader", stateChanges);
                replace(context.getRegistry(), "meterWindowLoader", new RouteStubs.GivenMeter(designMeter()));
                replace(context.getRegistry(), "deviceProfiles", new RouteStubs.NoStoredProfiles());
                replace(context.getRegistry(), "lateRows", new RouteStubs.NoLateRows());
                replaceMore(context.getRegistry());
            }
        });
    }

    /** A test class may replace more beans (after the real ones are bound). */
    protected void replaceMore(Registry registry) {
    }

    /** The registry keeps one bean per name and type: the real bean must go before its stand-in comes. */
    protected static void replace(Registry registry, String name, Object stub) {
        registry.unbind(name);
        registry.bind(name, stub);
    }

    /** The correlation cycle's routes; a subclass may load an edited copy. */
    @Override
    protected String routeFiles() {
        return "file:routes/correlate.camel.yaml,file:routes/errors.camel.yaml";
    }

    /** Swaps the timer, the InfluxDB write and the watermark's delete, starts the context, runs one cycle. */
    protected MockEndpoint runOneCycle() throws Exception {
        defaultHomesRoutes();
        AdviceWith.adviceWith(context, "correlate", a -> {
            a.replaceFromWith("direct:tick");
            a.weaveByToString(".*removeOlderPoints.*").replace().to("mock:watermark-delete");
        });
        AdviceWith.adviceWith(context, "write-points", a -> a.weaveByToUri("influxdb2:*").replace().to("mock:influxdb"));
        context.start();
        template.sendBody("direct:tick", null);
        return getMockEndpoint("mock:influxdb");
    }

    /** The line protocol of the points of one measurement written, in order. */
    protected static List<String> linesOf(MockEndpoint influx, String measurement) {
        List<String> lines = new ArrayList<>();
        influx.getExchanges().forEach(e -> {
            Object body = e.getMessage().getBody();
            lines.addAll(((Records) body).getInfluxRecords());
        });
        return lines.stream().filter(l -> l.startsWith(measurement + ",") || l.startsWith(measurement + " ")).toList();
    }

    /** The line protocol of the correlation points written. */
    protected static List<String> correlationLines(MockEndpoint influx) {
        return linesOf(influx, "event_energy_correlation");
    }

    protected Map<String, Long> skipped() {
        return context.getRegistry().lookupByNameAndType("statistics", Statistics.class).skippedByReason();
    }

    protected Statistics statistics() {
        return context.getRegistry().lookupByNameAndType("statistics", Statistics.class);
    }
}
