package io.energycorrelator.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Home Assistant's ingress in front of the service, as {@code scripts/ingress-proxy.sh} starts it: a real nginx that
 * serves the service under a path prefix, stripping it and sending {@code X-Ingress-Path}, as the Supervisor does
 * for an add-on. It stops with the test JVM however that ends ({@code --watch-pid}).
 */
public final class IngressProxy implements AutoCloseable {

    private final URI url;
    private final Path dir;

    private IngressProxy(URI url, Path dir) {
        this.url = url;
        this.dir = dir;
    }

    public static IngressProxy start(int upstreamPort, String prefix) throws IOException, InterruptedException {
        Map<String, String> out = script("start", "--upstream-port", Integer.toString(upstreamPort), "--prefix", prefix,
                "--watch-pid", Long.toString(ProcessHandle.current().pid()));
        return new IngressProxy(URI.create(out.get("INGRESS_URL")), Path.of(out.get("INGRESS_DIR")));
    }

    /** The page's address through the proxy: {@code http://127.0.0.1:PORT<prefix>/}. */
    public URI url() {
        return url;
    }

    /** The request lines nginx logged ({@code GET /path HTTP/1.1}), in order. */
    public List<String> requests() throws IOException {
        return Files.readAllLines(dir.resolve("access.log")).stream()
                .map(line -> line.substring(line.indexOf('"') + 1, line.indexOf('"', line.indexOf('"') + 1)))
                .toList();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop", "--dir", dir.toString());
    }

    private static Map<String, String> script(String... args) throws IOException, InterruptedException {
        Path base = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        List<String> command = new java.util.ArrayList<>(List.of("bash", base.resolve("scripts/ingress-proxy.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("scripts/ingress-proxy.sh " + args[0] + " failed (exit " + process.exitValue() + "); see its messages above");
        }
        Map<String, String> values = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return values;
    }
}
