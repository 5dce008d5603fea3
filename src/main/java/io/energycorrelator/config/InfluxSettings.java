package io.energycorrelator.config;

import java.net.URI;

/** Where InfluxDB is and how to reach it: the state changes and meter readings are read there, correlations written. */
public record InfluxSettings(URI url, String token, String org, String bucket) {

    public static InfluxSettings read(SettingsReader r) {
        return new InfluxSettings(
                r.httpUrl("correlator.influxdb.url"),
                r.secret("correlator.influxdb.token", "correlator.influxdb.token-file", "InfluxDB API token", true).orElseThrow(),
                r.name("correlator.influxdb.org"),
                r.name("correlator.influxdb.bucket"));
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "InfluxSettings[url=" + url + ", org=" + org + ", bucket=" + bucket + "]";
    }
}
