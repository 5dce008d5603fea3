package io.energycorrelator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary working directory laid out as the service is installed: application.properties and the service's
 * route files (routes/*.camel.yaml) copied from the project, plus what a test adds, as an integration engineer
 * would: more route files, jars in extensions/. Removed on close.
 */
public final class InstallDirectory implements AutoCloseable {

    private final Path path;

    private InstallDirectory(Path path) {
        this.path = path;
    }

    public static InstallDirectory create() throws IOException {
        Path project = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        InstallDirectory install = new InstallDirectory(Files.createTempDirectory("energy-correlator-install"));
        Files.copy(project.resolve("application.properties"), install.path.resolve("application.properties"));
        Files.createDirectory(install.path.resolve("routes"));
        try (Stream<Path> routes = Files.list(project.resolve("routes"))) {
            for (Path route : routes.filter(r -> r.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                install.addRoute(route);
            }
        }
        return install;
    }

    /** Copies a route file into routes/, where the default ROUTES_INCLUDE_PATTERN loads it. */
    public InstallDirectory addRoute(Path routeFile) throws IOException {
        Files.copy(routeFile, path.resolve("routes").resolve(routeFile.getFileName()));
        return this;
    }

    /** Copies every jar of a folder into extensions/. */
    public InstallDirectory addExtensions(Path jarFolder) throws IOException {
        Path extensions = Files.createDirectories(path.resolve("extensions"));
        try (Stream<Path> jars = Files.list(jarFolder)) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().endsWith(".jar")).toList()) {
                Files.copy(jar, extensions.resolve(jar.getFileName()));
            }
        }
        return this;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
