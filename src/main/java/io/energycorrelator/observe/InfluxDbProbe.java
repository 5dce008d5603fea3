package io.energycorrelator.observe;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.Bucket;
import com.influxdb.exceptions.UnauthorizedException;
import io.energycorrelator.config.InfluxSettings;

import java.util.Optional;

/** Asks InfluxDB whether the service can do its job: server reachable, token accepted, bucket there. */
public class InfluxDbProbe {

    private final InfluxDBClient influx;
    private final InfluxSettings settings;

    public InfluxDbProbe(InfluxDBClient influx, InfluxSettings settings) {
        this.influx = influx;
        this.settings = settings;
    }

    /** Empty when all is well, else why not, in words fit for /health (never the token). */
    public Optional<String> problem() {
        try {
            if (!Boolean.TRUE.equals(influx.ping())) {
                return Optional.of("InfluxDB at " + settings.url() + " is not reachable");
            }
            Bucket bucket = influx.getBucketsApi().findBucketByName(settings.bucket());
            if (bucket == null) {
                return Optional.of("InfluxDB bucket '" + settings.bucket() + "' does not exist or the token cannot see it");
            }
            return Optional.empty();
        } catch (UnauthorizedException e) {
            return Optional.of("InfluxDB at " + settings.url() + " rejected the token (401 unauthorized)");
        } catch (RuntimeException e) {
            return Optional.of("InfluxDB at " + settings.url() + " failed: " + e.getMessage());
        }
    }
}
