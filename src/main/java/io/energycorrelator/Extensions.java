package io.energycorrelator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The jars an integration engineer drops into the extensions folder (a Camel component and its libraries):
 * a class loader over them, so that a route file can use the component without rebuilding the service.
 * The folder is {@code extensions/} in the working directory, or the one {@code EXTENSIONS_DIR} names.
 *
 * <p>Why ours: {@code java -jar} ignores the JDK's class path (so no {@code -cp 'extensions/*'}) and Camel Main has no folder of jars to load; a {@link URLClassLoader} over it is the JDK's own way (ExtensionsTest, output/FileOutputIT).
 */
public final class Extensions {

    private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);
    /** The environment variable naming the folder. */
    public static final String DIRECTORY_VARIABLE = "EXTENSIONS_DIR";
    public static final String DEFAULT_DIRECTORY = "extensions";

    private Extensions() {
    }

    /** The folder the environment names, else {@code extensions/} in the working directory. */
    public static Path directory(Map<String, String> environment) {
        String named = environment.get(DIRECTORY_VARIABLE);
        return Path.of(named == null || named.isBlank() ? DEFAULT_DIRECTORY : named).toAbsolutePath().normalize();
    }

    /**
     * A class loader over every {@code *.jar} in the folder, the service's own classes first (parent first:
     * a dropped jar cannot replace a class the service ships); the parent itself when there is none.
     */
    public static ClassLoader classLoader(Path directory, ClassLoader parent) {
        List<Path> jars = jars(directory);
        if (jars.isEmpty()) {
            LOG.info("Extension jars: none ({} {})", directory, Files.exists(directory) ? "holds no jar" : "does not exist");
            return parent;
        }
        LOG.info("Extension jars from {}: {}", directory,
                String.join(", ", jars.stream().map(jar -> jar.getFileName().toString()).toList()));
        return new URLClassLoader("extensions", jars.stream().map(Extensions::url).toArray(URL[]::new), parent);
    }

    private static List<Path> jars(Path directory) {
        if (!Files.exists(directory)) {
            return List.of();
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("The extensions folder " + directory + " (" + DIRECTORY_VARIABLE
                    + ") is not a directory");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the extensions folder " + directory, e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("Not a usable jar path: " + jar, e);
        }
    }
}
