package io.energycorrelator.operations;

import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.influx.RequestTimer;

import okhttp3.HttpUrl;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Counts the write requests InfluxDB answered (/statistics {@code influx_writes_total}), told by the client's own
 * request interceptor ({@link RequestTimer}), so that no route step only counts: a write that landed, and one
 * InfluxDB refused for what it holds (it answered); not one it never answered (down, hung).
 */
public class InfluxWriteCounter implements RequestTimer.Listener {

    private final Function<HttpUrl, Statistics> statisticsOfWrite;

    public InfluxWriteCounter(Statistics statistics) {
        this(url -> statistics);
    }

    private InfluxWriteCounter(Function<HttpUrl, Statistics> statisticsOfWrite) {
        this.statisticsOfWrite = statisticsOfWrite;
    }

    /**
     * For a client that homes of a homes file share: each write counts for the home of its org and bucket (no two
     * homes on one server share both).
     */
    public static InfluxWriteCounter byBucket(Map<String, Statistics> statisticsByOrgAndBucket) {
        return new InfluxWriteCounter(url -> statisticsByOrgAndBucket.get(key(url.queryParameter("org"), url.queryParameter("bucket"))));
    }

    public static String key(String org, String bucket) {
        return org + "\n" + bucket;
    }

    @Override
    public void completed(RequestTimer.Operation operation, HttpUrl url, Duration took, boolean succeeded, boolean answered) {
        if (operation == RequestTimer.Operation.WRITE && answered) {
            Statistics statistics = statisticsOfWrite.apply(url);
            if (statistics != null) {
                statistics.influxWrite();
            }
        }
    }
}
