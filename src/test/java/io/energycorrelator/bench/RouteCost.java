package io.energycorrelator.bench;

import io.energycorrelator.Application;
import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.correlate.CorrelationPoints;
import io.energycorrelator.correlate.Correlator;
import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.Landed;
import io.energycorrelator.correlate.RouteNames;
import io.energycorrelator.correlate.StateChangesRead;
import io.energycorrelator.estimate.AlignedEstimator;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark aid: what the correlation route itself costs per cycle, without InfluxDB, in one JVM. The real
 * routes and beans run, except that the state changes and the meter window come from memory and the writes
 * go nowhere; the same work in plain Java runs beside it. Per cycle: CPU time and bytes allocated by the
 * thread that runs it (allocation does not drift with the machine's load as times do).
 * <pre>java -cp ... io.energycorrelator.bench.RouteCost [events] [cycles]</pre>
 */
public final class RouteCost {

    private RouteCost() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Instant start = Instant.parse("2024-03-01T19:00:00Z");
        Instant end = start.plus(Duration.ofHours(1));
        Data data = new Data(start, end, events);

        Main main = Application.create();
        main.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                context.getRegistry().unbind("stateChangeReader");
                context.getRegistry().bind("stateChangeReader", new GivenStateChanges(data.changes));
                context.getRegistry().unbind("meterWindowLoader");
                context.getRegistry().bind("meterWindowLoader", new GivenMeter(data.window));
                context.getRegistry().bind("influxdb2", new Nowhere());
            }
        });
        main.addOverrideProperty("correlator.influxdb.token", "not-used");
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            main.addOverrideProperty("camel.server.port", Integer.toString(free.getLocalPort()));
        }
        main.addOverrideProperty("correlator.first-cycle-delay-seconds", "3600");
        main.addOverrideProperty("correlator.max-events-per-cycle", "1000000");
        main.start();
        ProducerTemplate template = main.getCamelContext().createProducerTemplate();
        Correlator correlator = new Correlator(Duration.ofSeconds(30), new Confidence(Duration.ofSeconds(60)));
        AlignedEstimator estimator = new AlignedEstimator(Duration.ofSeconds(10), Duration.ofSeconds(10));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int c = 1; c <= cycles; c++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long alloc0 = threads.getThreadAllocatedBytes(thread);
            Cycle cycle = new Cycle(Cycle.Run.LIVE, start, end, 1_000_000);
            Exchange done = template.send(RouteNames.CORRELATE_RANGE, e -> e.setProperty(RouteNames.CYCLE, cycle));
            if (done.getException() != null) {
                throw done.getException();
            }
            long cpu1 = threads.getCurrentThreadCpuTime();
            long alloc1 = threads.getThreadAllocatedBytes(thread);
            int written = plainJava(data, estimator, correlator);
            long cpu2 = threads.getCurrentThreadCpuTime();
            long alloc2 = threads.getThreadAllocatedBytes(thread);
            int routeWritten = done.getProperty(RouteNames.LANDED, Landed.class).correlationsWritten();
            if (written != routeWritten) {
                throw new IllegalStateException("route " + routeWritten + " != plain " + written);
            }
            System.out.printf("cycle %2d of %,d: route %6.1f ms CPU %7.1f MB allocated | plain Java %6.1f ms %7.1f MB%n", c, events,
                    (cpu1 - cpu0) / 1e6, (alloc1 - alloc0) / 1e6, (cpu2 - cpu1) / 1e6, (alloc2 - alloc1) / 1e6);
        }
        main.stop();
        System.exit(0);
    }

    /** The route's work in plain Java: estimate, correlate, keep what reaches 10 W, render the lines. */
    private static int plainJava(Data data, AlignedEstimator estimator, Correlator correlator) {
        StateChangesRead read = new StateChangesRead(new Cycle(Cycle.Run.LIVE, data.start, data.end, 1_000_000));
        List<Correlation> kept = new ArrayList<>();
        for (StateChange change : data.changes) {
            PowerStep step = estimator.estimate(data.window, change);
            if (step != null) {
                Correlation c = correlator.correlate(change, step, read, data.window);
                if (c.absoluteDeltaW() >= 10) {
                    kept.add(c);
                }
            }
        }
        int lines = 0;
        for (int from = 0; from < kept.size(); from += CorrelationPoints.BATCH_SIZE) {
            lines += CorrelationPoints.lines(kept.subList(from, Math.min(kept.size(), from + CorrelationPoints.BATCH_SIZE))).size();
        }
        return lines;
    }

    /** N switches flipping over an hour of a 1 Hz meter that follows them (seeded). */
    private static final class Data {
        final Instant start;
        final Instant end;
        final List<StateChange> changes = new ArrayList<>();
        final MeterWindow window;

        Data(Instant start, Instant end, int events) {
            this.start = start;
            this.end = end;
            Random random = new Random(42);
            boolean[] on = new boolean[200];
            long span = Duration.between(start, end).toMillis() - 60_000;
            long[] times = random.longs(events, 0, span).sorted().toArray();
            for (long t : times) {
                int s = random.nextInt(200);
                on[s] = !on[s];
                changes.add(new StateChange(start.plusMillis(30_000 + t), "switch.device_" + s, "switch", on[s] ? "on" : "off",
                        on[s] ? "off" : "on"));
            }
            List<MeterWindow.Reading> readings = new ArrayList<>();
            double watts = 300;
            int next = 0;
            for (Instant t = start; t.isBefore(end); t = t.plusSeconds(1)) {
                while (next < changes.size() && changes.get(next).time().isBefore(t)) {
                    watts += "on".equals(changes.get(next++).state()) ? 100 : -100;
                }
                readings.add(new MeterWindow.Reading(t, watts + random.nextGaussian() * 2));
            }
            window = new MeterWindow(readings);
        }
    }

    /** Stands in for the state-change reader: the cycle's state changes from memory (no overlaps recorded). */
    public static final class GivenStateChanges {
        private final List<StateChange> changes;

        GivenStateChanges(List<StateChange> changes) {
            this.changes = changes;
        }

        public List<StateChange> read() {
            return new ArrayList<>(changes);
        }
    }

    /** Stands in for the meter window loader. */
    public static final class GivenMeter {
        private final MeterWindow window;

        GivenMeter(MeterWindow window) {
            this.window = window;
        }

        public MeterWindow load() {
            return window;
        }
    }

    /** An influxdb2 component whose writes go nowhere. */
    public static final class Nowhere extends org.apache.camel.component.influxdb2.InfluxDb2Component {
        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            parameters.clear();
            return new DefaultEndpoint(uri, this) {
                @Override
                public org.apache.camel.Producer createProducer() {
                    return new DefaultProducer(this) {
                        @Override
                        public void process(Exchange exchange) {
                            // written nowhere
                        }
                    };
                }

                @Override
                public org.apache.camel.Consumer createConsumer(org.apache.camel.Processor processor) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
