package io.energycorrelator.accuracy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One REFIT house's day (test resource {@code /refit-day/}, see its README): the whole-house power and each
 * appliance's own channel on one shared time column, in seconds.
 *
 * @param channels channels[k][i]: appliance k+1's power at unix[i]
 */
public record RefitHouse(String name, long[] unix, double[] aggregate, double[][] channels) {

    static final int HOUSES = 10;
    private static final String FOLDER = "/refit-day/";

    public RefitHouse {
        for (double[] channel : channels) {
            if (channel.length != unix.length || aggregate.length != unix.length) {
                throw new IllegalArgumentException(name + ": every channel needs one value per time");
            }
        }
    }

    /** House n (1–10) from the test resources. */
    public static RefitHouse load(int n) throws IOException {
        String file = FOLDER + "house_" + n + "_day.csv.gz";
        try (InputStream in = RefitHouse.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + file);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            String[] header = lines.readLine().split(",");
            int appliances = header.length - 3; // Time, Unix, Aggregate, Appliance1…
            List<String[]> rows = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split(","));
                }
            }
            long[] unix = new long[rows.size()];
            double[] aggregate = new double[rows.size()];
            double[][] channels = new double[appliances][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                String[] row = rows.get(i);
                unix[i] = Long.parseLong(row[1]);
                aggregate[i] = Double.parseDouble(row[2]);
                for (int k = 0; k < appliances; k++) {
                    channels[k][i] = Double.parseDouble(row[3 + k]);
                }
            }
            return new RefitHouse("house " + n, unix, aggregate, channels);
        }
    }

    /** The Home Assistant entity of appliance channel k (0-based): {@code switch.app1} … */
    public static String entityId(int k) {
        return "switch.app" + (k + 1);
    }

    public Instant time(int i) {
        return Instant.ofEpochSecond(unix[i]);
    }

    public int size() {
        return unix.length;
    }
}
