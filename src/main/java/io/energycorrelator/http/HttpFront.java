package io.energycorrelator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.energycorrelator.operations.HealthReport;
import io.energycorrelator.operations.ServiceHealth;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the HTTP server answers around the REST routes (routes/http-api.camel.yaml), always as JSON:
 * <ul>
 *   <li>GET /health, itself (see {@link #health});</li>
 *   <li>while the routes are not running (the service is starting, or stopping), every request: 503 with the
 *       health body, status {@code starting} or {@code stopping};</li>
 *   <li>a path with a {@code ..} or {@code .} segment: 400;</li>
 *   <li>when an API key is set, a request without it: 401, unless it is a GET (or HEAD) of an open path:
 *       {@code /health}, {@code /observe/health} and below, the dashboard's page {@code /} and its files
 *       {@code /dashboard/*}. Everything else, {@code /observe/metrics} and paths that no endpoint serves
 *       included, needs the key: what is protected is what is not listed as open;</li>
 *   <li>a query string where the endpoint takes none (all but the dashboard's {@code /api/*}): 400;</li>
 *   <li>a request that may change the service's state (any method but GET, HEAD and OPTIONS, to an endpoint
 *       that takes it) without {@code Content-Type: application/json}, even without a body: 415. A browser
 *       sends a JSON request to another site only after asking that site (a CORS preflight, which this
 *       server never grants), so no page elsewhere can post a form or a plain request here. A body declared
 *       as anything but JSON: 415 too;</li>
 *   <li>no endpoint at the path: 404; an endpoint at the path but not for the method: 405 with {@code Allow};</li>
 *   <li>a request the server itself fails (e.g. a body over {@code camel.server.maxBodySize}: 413): that status;</li>
 * </ul>
 * each as {@code {"error": ...}} but the 503, which is the health body.
 *
 * <p>The first of these runs in front of every route from the moment the server listens, which is before the
 * routes start, and in front of Camel's own {@code /observe/*} endpoints, which share the server:
 * platform-http (Vert.x) installs the handlers of its authentication configuration in front of
 * all routes while it creates its router, so the check goes there. The 404/405 and failure answers are the
 * router's last route, added once the server is up and before the routes start.
 *
 * <p>Why ours: platform-http serves nothing of its own before the routes start and Vert.x answers 404/405 as text, so the authentication config's handler (the one hook in front of every route and {@code /observe/*}) gates, and the last route answers in JSON, naming the API as Camel's model declares it (StartupGateIT, HostileRequestsIT, HttpApiIT).
 */
public final class HttpFront {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Built once (Jackson reads the record's annotations here), so that the first health check is as quick. */
    private static final ObjectWriter HEALTH_JSON = JSON.writerFor(HealthReport.Health.class);
    private static final String APPLICATION_JSON = "application/json";
    private static final String HEALTH = "/health";
    /** Paths that need no API key (for GET and HEAD): the service's health and the dashboard's files. */
    private static final Set<String> OPEN_PATHS = Set.of(HEALTH, "/observe/health", "/");
    private static final List<String> OPEN_PREFIXES = List.of("/observe/health/", "/dashboard/");
    /** Methods that read only: all others must declare JSON. */
    private static final Set<HttpMethod> READ_ONLY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** The endpoints that take query parameters (the dashboard's, which check each one). */
    private static final Set<String> TAKE_QUERY_PARAMETERS = Set.of("/api/correlations", "/api/meter");
    /** The endpoints of one home, which take {@code ?home=} alone (the routes check it), and the dashboard's page. */
    private static final Set<String> TAKE_HOME = Set.of("/statistics", "/statistics/reset", "/backfill", "/devices", "/");

    private final CamelContext context;
    private final MainHttpServer server;
    private final ServiceHealth health;
    private final ApiKey apiKey;

    private HttpFront(CamelContext context, MainHttpServer server, ServiceHealth health, ApiKey apiKey) {
        this.context = context;
        this.server = server;
        this.health = health;
        this.apiKey = apiKey;
    }

    /** Puts the front around the REST routes of the context's HTTP server (camel.server.enabled = true). */
    public static void install(CamelContext context, ServiceHealth health, ApiKey apiKey) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null) {
            throw new IllegalStateException("the HTTP server is off: camel.server.enabled must be true");
        }
        HttpFront front = new HttpFront(context, server, health, apiKey);
        AuthenticationConfig.AuthenticationConfigEntry gate = new AuthenticationConfig.AuthenticationConfigEntry();
        gate.setPath("/*");
        gate.setAuthenticationProviderFactory(vertx -> null); // nothing to authenticate against: the gate only looks
        gate.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T none) {
                return front::gate;
            }
        });
        AuthenticationConfig handlers = server.getConfiguration().getAuthenticationConfig();
        handlers.getEntries().add(gate);
        handlers.setEnabled(true);
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextRoutesStartingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                Router router = server.getRouter();
                router.get(HEALTH).handler(front::health);
                router.route().last().handler(c -> front.noRoute(c, router)).failureHandler(front::failed);
            }
        });
    }

    /**
     * GET /health, answered here on the server's event loop: the report never waits (it reads the last probe
     * of InfluxDB), and so it is never queued behind requests that wait for InfluxDB on the worker threads.
     */
    /** A query of {@code home=…} alone, on an endpoint of one home. */
    private static boolean homeOnly(HttpServerRequest request) {
        boolean ofAHome = TAKE_HOME.contains(request.path()) || request.path().startsWith("/devices/");
        return ofAHome && request.params().size() == 1 && request.params().contains("home");
    }

    private void health(RoutingContext c) {
        HealthReport.Health body = health.current();
        answer(c, body.httpStatus(), body, HEALTH_JSON);
    }

    /** In front of every route: not running yet (or any more), a request without the key, or one no endpoint takes. */
    private void gate(RoutingContext c) {
        ServiceStatus status = context.getStatus();
        if (!status.isStarted()) {
            String state = status.isStopping() || status.isStopped() ? "stopping" : "starting";
            answer(c, 503, health.notRunning(state), HEALTH_JSON);
            return;
        }
        HttpServerRequest request = c.request();
        if (hasDotSegment(request.path())) {
            error(c, 400, "a path may not contain '.' or '..' segments");
        } else if (needsKey(request.method(), c.normalizedPath())
                && apiKey.isMissingOrWrong(request.getHeader(ApiKey.HEADER), request.getHeader(HttpHeaders.AUTHORIZATION))) {
            c.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"energy-correlator\"");
            answer(c, 401, apiKey.rejection());
        } else if (request.query() != null && !TAKE_QUERY_PARAMETERS.contains(request.path()) && !homeOnly(request)) {
            error(c, 400, "this endpoint takes no query parameters; the API is " + endpoints());
        } else if (!READ_ONLY.contains(request.method()) && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))
                && methodsAt(server.getRouter(), c.normalizedPath()).contains(request.method().name())) {
            error(c, 415, "a request that may change the service's state must be sent with Content-Type: "
                    + "application/json, even without a body");
        } else if (hasBody(request) && request.getHeader(HttpHeaders.CONTENT_TYPE) != null
                && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            error(c, 415, "a request body must be JSON, sent with Content-Type: application/json");
        } else {
            c.next();
        }
    }

    /**
     * The API as the routes declare it with the REST DSL, and GET /health (answered here), for error messages: read
     * from Camel's model, so that no second list has to follow the routes.
     */
    private String endpoints() {
        Map<String, Set<String>> api = new TreeMap<>(Map.of(HEALTH, new TreeSet<>(Set.of("GET"))));
        for (RestDefinition rest : context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = ("/" + (rest.getPath() == null ? "" : rest.getPath()) + "/" + (verb.getPath() == null ? "" : verb.getPath()))
                        .replaceAll("/+", "/");
                path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                api.computeIfAbsent(path, p -> new TreeSet<>()).add(verb.asVerb().toUpperCase(java.util.Locale.ROOT));
            }
        }
        StringJoiner text = new StringJoiner(", ", "", " (docs/http-api.md)");
        api.forEach((path, methods) -> text.add(String.join(",", methods) + " " + path));
        return text.toString();
    }

    /** The router's last route: nothing took the request. */
    private void noRoute(RoutingContext c, Router router) {
        Set<String> allowed = methodsAt(router, c.normalizedPath());
        if (allowed.isEmpty()) {
            error(c, 404, "no endpoint at this path; the API is " + endpoints());
        } else {
            c.response().putHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
            error(c, 405, c.request().method().name() + " is not allowed here; allowed: " + String.join(", ", allowed));
        }
    }

    /** A request that failed in the server's own handlers (body too large, malformed, ...). */
    private void failed(RoutingContext c) {
        if (c.response().ended()) {
            return;
        }
        int status = c.statusCode() >= 400 ? c.statusCode() : 500;
        if (status >= 500) {
            LOG.warn("HTTP {} {} failed: {}", c.request().method(), c.normalizedPath(),
                    c.failure() == null ? status : c.failure().toString());
        }
        String reason = status == 413 ? "the request body is too large (camel.server.maxBodySize)"
                : HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(java.util.Locale.ROOT);
        error(c, status, reason);
    }

    /** The methods the router's routes take at the path (a wrong method is a 405, not a 415). */
    private static Set<String> methodsAt(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.methods() != null && !route.methods().isEmpty() && servesPath(route, path)) {
                route.methods().stream().map(HttpMethod::name).forEach(methods::add);
            }
        }
        return methods;
    }

    private static boolean servesPath(Route route, String path) {
        if (route.getPath() == null || route.isRegexPath()) {
            return false;
        }
        return route.isExactPath() ? route.getPath().equals(path)
                : path.startsWith(route.getPath()) || (path + "/").equals(route.getPath());
    }

    private static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.split("/")) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return true; // a broken escape: reject it with the dot segments rather than guess
            }
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || length != null && !length.trim().equals("0");
    }

    /** Whether the request needs the API key (when one is set): all but a read of an open path. */
    private boolean needsKey(HttpMethod method, String path) {
        boolean open = (method == HttpMethod.GET || method == HttpMethod.HEAD)
                && (OPEN_PATHS.contains(path) || OPEN_PREFIXES.stream().anyMatch(path::startsWith));
        return apiKey.isSet() && !open;
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase(APPLICATION_JSON);
    }

    private static void error(RoutingContext c, int status, String message) {
        answer(c, status, Map.of("error", message));
    }

    private static void answer(RoutingContext c, int status, Object body) {
        answer(c, status, body, JSON.writer());
    }

    private static void answer(RoutingContext c, int status, Object body, ObjectWriter writer) {
        String json;
        try {
            json = writer.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            json = "{\"error\":\"" + HttpResponseStatus.valueOf(status).reasonPhrase() + "\"}";
        }
        c.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(json);
    }
}
