package io.energycorrelator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Requests to the service's HTTP API on 127.0.0.1, over HTTP/1.1 as health checkers and scripts send them (the
 * JDK client's default, HTTP/2 over cleartext, multiplexes a test's many clients on one connection and fails
 * requests beyond the server's 100 concurrent streams instead of waiting).
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public ApiClient(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** A POST without a body, declared as JSON as every POST must be. */
    public Response post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json").build());
    }

    public Response postJson(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build());
    }

    public Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** GETs the path until its JSON answer passes the test; fails after {@code seconds}. Returns that answer. */
    public JsonNode await(String path, Predicate<JsonNode> test, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Response response = get(path);
            if (response.contentType().startsWith("application/json")) {
                last = response.json();
                if (test.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("GET " + path + " did not become as expected within " + seconds + " s; last answer: " + last);
    }

    /** An HTTP answer; {@link #json()} parses the body. */
    public record Response(int status, String body, String contentType, java.net.http.HttpHeaders headers) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }
}
