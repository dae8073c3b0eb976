package io.gleitzeit.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Services speak only the wire protocol: nothing in this module may use the orchestrator, the event log or the
 * state fold. Checked on the sources (imports and qualified names) and on the compiled classes (every type they
 * refer to), so neither a star import nor a fully qualified name slips through.
 */
class ModuleBoundaryTest {
    private static final List<String> FORBIDDEN = List.of("io.gleitzeit.orchestrator", "io.gleitzeit.log",
            "io.gleitzeit.state");
    private static final Pattern SOURCE_REFERENCE = Pattern.compile(
            "\\bio\\.gleitzeit\\.(orchestrator|log|state)\\b");
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    @Test
    void noSourceFileMentionsAForbiddenPackage() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> sources = files(MODULE.resolve("src"), ".java");
        for (Path source : sources) {
            if (source.getFileName().toString().equals("ModuleBoundaryTest.java")) {
                continue;
            }
            String text = Files.readString(source, StandardCharsets.UTF_8);
            Matcher m = SOURCE_REFERENCE.matcher(text);
            while (m.find()) {
                violations.add(MODULE.relativize(source) + " refers to " + m.group());
            }
        }

        assertThat(sources).as("the sources were found").isNotEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void noCompiledClassRefersToAForbiddenPackage() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> classes = files(MODULE.resolve("target/classes"), ".class");
        for (Path file : classes) {
            // Class files name every type they use in their constant pool, as io/gleitzeit/log/...
            String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String forbidden : FORBIDDEN) {
                if (constants.contains(forbidden.replace('.', '/') + "/")) {
                    violations.add(MODULE.relativize(file) + " uses " + forbidden);
                }
            }
        }

        assertThat(classes).as("the compiled classes were found").isNotEmpty();
        assertThat(violations).isEmpty();
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }
}
