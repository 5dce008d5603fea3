package io.energycorrelator.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape of /observe/metrics in Prometheus' text format: each sample by its series as printed, e.g.
 * {@code energy_correlator_skipped_total{reason="no_meter_data"}}. Micrometer prints labels sorted by name.
 */
public record PrometheusScrape(Map<String, Double> samples) {

    public static PrometheusScrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return new PrometheusScrape(samples);
    }

    /** The sample of that series; fails when it is not there. */
    public double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in the scrape; it has " + samples.keySet());
        }
        return value;
    }

    /** The sample of that series, 0 when it is not there (a counter before its first increment). */
    public double valueOrZero(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }
}
