package io.energycorrelator.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where InfluxDB is and how to reach it: the state changes and meter readings are read there, correlations written.
 *
 * @param timeout how long a query, a write or a delete may wait for InfluxDB to say anything: a server that
 *                stays silent longer fails the call (and so the cycle, which is redone)
 */
public record InfluxSettings(URI url, String token, String org, String bucket, Duration timeout) {

    public static InfluxSettings read(Settings r) {
        return new InfluxSettings(
                r.get("correlator.influxdb.url").url(List.of("http", "https"),
                        "an http:// or https:// URL with a host and no user info, e.g. http://influxdb:8086"),
                r.secret("correlator.influxdb.token", "correlator.influxdb.token-file", "InfluxDB API token", true, false).orElseThrow(),
                r.get("correlator.influxdb.org").name(),
                r.get("correlator.influxdb.bucket").bucket(),
                r.get("correlator.influxdb.timeout-seconds").seconds(1, 3_600));
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "InfluxSettings[url=" + url + ", org=" + org + ", bucket=" + bucket + ", timeout=" + timeout.toSeconds() + "s]";
    }
}
