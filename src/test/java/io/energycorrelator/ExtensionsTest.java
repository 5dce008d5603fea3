package io.energycorrelator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extensions folder: which jars become visible, and where the folder is. */
class ExtensionsTest {

    private static final ClassLoader APP = ExtensionsTest.class.getClassLoader();
    /** Where Camel looks a component up by its scheme. */
    private static final String COMPONENT_DESCRIPTOR = "META-INF/services/org/apache/camel/component/dropped-in";

    @Test
    void everyJarInTheFolderIsOnTheLoadersClassPathAndNothingElse(@TempDir Path folder) throws Exception {
        jar(folder.resolve("b-component.jar"), COMPONENT_DESCRIPTOR, "class=org.example.DroppedInComponent\n");
        jar(folder.resolve("a-library.jar"), "org/example/library.txt", "library\n");
        Files.writeString(folder.resolve("README.txt"), "not a jar");
        Files.createDirectory(folder.resolve("old.jar.d"));

        ClassLoader loader = Extensions.classLoader(folder, APP);

        assertThat(loader).isInstanceOf(URLClassLoader.class);
        assertThat(loader.getParent()).isSameAs(APP);
        assertThat(Arrays.stream(((URLClassLoader) loader).getURLs()).map(u -> Path.of(u.getPath()).getFileName().toString()))
                .containsExactly("a-library.jar", "b-component.jar");
        try (InputStream in = loader.getResourceAsStream(COMPONENT_DESCRIPTOR)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("class=org.example.DroppedInComponent\n");
        }
        assertThat(APP.getResource(COMPONENT_DESCRIPTOR)).isNull();
        // Parent first: the service's own classes are never replaced by a dropped jar.
        assertThat(loader.loadClass(Application.class.getName())).isSameAs(Application.class);
        ((URLClassLoader) loader).close();
    }

    @Test
    void aMissingOrEmptyFolderAddsNothing(@TempDir Path folder) {
        assertThat(Extensions.classLoader(folder.resolve("extensions"), APP)).isSameAs(APP);
        assertThat(Extensions.classLoader(folder, APP)).isSameAs(APP);
    }

    @Test
    void aFileWhereTheFolderShouldBeStopsStartUp(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("extensions"), "");

        assertThatThrownBy(() -> Extensions.classLoader(file, APP)).isInstanceOf(IllegalStateException.class)
                .hasMessage("The extensions folder " + file + " (EXTENSIONS_DIR) is not a directory");
    }

    @Test
    void theFolderIsExtensionsInTheWorkingDirectoryUnlessTheEnvironmentNamesOne() {
        assertThat(Extensions.directory(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.dir"), "extensions"));
        assertThat(Extensions.directory(Map.of("EXTENSIONS_DIR", ""))).isEqualTo(Path.of(System.getProperty("user.dir"), "extensions"));
        assertThat(Extensions.directory(Map.of("EXTENSIONS_DIR", "/opt/energy-correlator/plugins")))
                .isEqualTo(Path.of("/opt/energy-correlator/plugins"));
        assertThat(Extensions.directory(Map.of("EXTENSIONS_DIR", "lib/../more")))
                .isEqualTo(Path.of(System.getProperty("user.dir"), "more"));
    }

    private static void jar(Path path, String entry, String content) throws IOException {
        try (OutputStream file = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(content.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }
}
