package io.energycorrelator.support;

/** A real InfluxDB server under test: where it is, and the all-access token and organization of its owner. */
public interface InfluxDb {

    String url();

    String token();

    String org();
}
