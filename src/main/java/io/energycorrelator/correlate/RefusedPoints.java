package io.energycorrelator.correlate;

import io.energycorrelator.influx.PointLine;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.component.influxdb2.data.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the points of a batch that InfluxDB refused for what they hold, so that one bad value never stalls
 * the writes around it. A batch answered 400 (a line InfluxDB cannot parse, e.g. a series key over 65,535
 * bytes: nothing of the batch is stored) or 422 (points it cannot store, e.g. a field type conflict or a time
 * outside the bucket's retention: the others are stored) is written again in halves, down to the single
 * points refused. Writing again a point already stored is harmless: it lands on itself.
 *
 * <p>A refused point is skipped: counted as {@value #INVALID_VALUE} in its cycle (so in /statistics, GET
 * /backfill and the metrics, and in the cycle's one skip line), or, for a write outside a cycle (the daily
 * energy), in the statistics with a WARN line of its own; and its line is kept in the exchange property
 * {@value RouteNames#REFUSED_LINES}, so that the route counts, hands on and learns from only what landed.
 */
public class RefusedPoints {

    public static final String INVALID_VALUE = "invalid_value";

    private static final Logger LOG = LoggerFactory.getLogger(RefusedPoints.class);
    /** How much of a refused line or of InfluxDB's answer a log line shows (a line can be 64 KB). */
    private static final int SHOWN = 300;

    private final Statistics statistics;

    public RefusedPoints(Statistics statistics) {
        this.statistics = statistics;
    }

    /** The two halves of a refused batch, to write again; none for a single point, which is skipped here. */
    public List<Records> halves(Exchange exchange) throws InvalidPayloadException {
        List<String> lines = exchange.getMessage().getMandatoryBody(Records.class).getInfluxRecords();
        Set<String> refused = refusedLines(exchange);
        if (lines.size() > 1) {
            int half = lines.size() / 2;
            return List.of(PointLine.records(lines.subList(0, half)), PointLine.records(lines.subList(half, lines.size())));
        }
        Exception answer = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = shown(answer == null ? "refused" : rootMessage(answer));
        Landed landed = exchange.getProperty(RouteNames.LANDED, Landed.class);
        for (String line : lines) {
            refused.add(line);
            if (landed != null) {
                landed.refused(INVALID_VALUE, shown(line) + " (InfluxDB: " + why + ")");
            } else {
                statistics.skipped(INVALID_VALUE);
                LOG.warn("Skipped a point InfluxDB refused ({}): {} (InfluxDB: {})", INVALID_VALUE, shown(line), why);
            }
        }
        return List.of();
    }

    /** The lines of the exchange's writes that InfluxDB refused (shared with the halves written again). */
    @SuppressWarnings("unchecked")
    static Set<String> refusedLines(Exchange exchange) {
        Set<String> refused = exchange.getProperty(RouteNames.REFUSED_LINES, Set.class);
        if (refused == null) {
            refused = new LinkedHashSet<>();
            exchange.setProperty(RouteNames.REFUSED_LINES, refused);
        }
        return refused;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static String shown(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "… (" + text.length() + " characters)";
    }
}
