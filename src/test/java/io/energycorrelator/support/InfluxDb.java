package io.energycorrelator.support;

/** A real InfluxDB server under test: where it is, and the all-access token and organization of its owner. */
public interface InfluxDb {

    String url();

    String token();

    String org();

    /** True for InfluxDB 1.8: buckets are databases ("db/rp"), the token is "user:password", org is ignored. */
    default boolean v18() {
        return false;
    }

    /** A server started elsewhere (e.g. by scripts/influxdb.sh, its INFLUXDB_* lines). */
    static InfluxDb of(String url, String token, String org) {
        record At(String url, String token, String org) implements InfluxDb {
        }
        return new At(url, token, org);
    }
}
