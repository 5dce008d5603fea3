package io.energycorrelator.bench;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The routes' own JMX timings, read from a running service over a local JMX connector (profiling runs only:
 * the connector costs threads and memory): per route and per processor, exchanges and total processing time.
 */
final class RouteTimings {

    private RouteTimings() {
    }

    /** The JVM flags that open the connector on a loopback port. */
    static List<String> flags(int port) {
        return List.of("-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1");
    }

    record Timing(String route, String processor, long exchanges, long totalMillis) {
    }

    static String read(int port) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        List<Timing> timings = new ArrayList<>();
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            for (ObjectName name : jmx.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null)) {
                timings.add(new Timing((String) jmx.getAttribute(name, "RouteId"), "(route)",
                        (Long) jmx.getAttribute(name, "ExchangesTotal"), (Long) jmx.getAttribute(name, "TotalProcessingTime")));
            }
            for (ObjectName name : jmx.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null)) {
                timings.add(new Timing((String) jmx.getAttribute(name, "RouteId"), (String) jmx.getAttribute(name, "ProcessorId"),
                        (Long) jmx.getAttribute(name, "ExchangesTotal"), (Long) jmx.getAttribute(name, "TotalProcessingTime")));
            }
        }
        return timings.stream().filter(t -> t.exchanges() > 0)
                .sorted(Comparator.comparing(Timing::route).thenComparing(Comparator.comparingLong(Timing::totalMillis).reversed()))
                .map(t -> String.format("  %-16s %-24s %,10d exchanges %,8d ms%n", t.route(), t.processor(), t.exchanges(), t.totalMillis()))
                .collect(Collectors.joining());
    }
}
