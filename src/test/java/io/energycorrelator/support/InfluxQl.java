package io.energycorrelator.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Administration of an InfluxDB 1.8 server through its own {@code /query} endpoint: 1.8's v2 compatibility API
 * has no buckets API, so a test's bucket is a database (with its default retention policy) made here.
 */
final class InfluxQl {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private InfluxQl() {
    }

    static void createDatabase(InfluxDb server, String name) {
        run(server, "CREATE DATABASE \"" + name + "\"");
    }

    /** A database whose default retention policy keeps data for that many seconds. */
    static void createDatabase(InfluxDb server, String name, long retentionSeconds) {
        run(server, "CREATE DATABASE \"" + name + "\" WITH DURATION " + retentionSeconds + "s");
    }

    static void dropDatabase(InfluxDb server, String name) {
        run(server, "DROP DATABASE \"" + name + "\"");
    }

    /** Runs one statement as the server's admin (the token is user:password); fails unless 1.8 answers 200. */
    private static void run(InfluxDb server, String statement) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/query"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(server.token().getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
                throw new IllegalStateException(statement + " failed: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(statement + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
