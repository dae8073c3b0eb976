package io.gleitzeit.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.event.codec.GleitzeitJson;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every payload type reads its PROTOCOL.md shape and writes it back unchanged, with any mapper. */
class WirePayloadRoundTripTest {

    static Stream<Arguments> samples() {
        return WireSamples.all().entrySet().stream()
                .map(e -> Arguments.of(e.getKey().getSimpleName(), e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void aPlainMapperReadsAndWritesTheWireShapeUnchanged(String name, Class<?> type, String json) throws IOException {
        // given a mapper without any Gleitzeit configuration: the annotations alone must carry the wire rules
        var plain = new ObjectMapper();

        // when
        Object payload = plain.readValue(json, type);
        String written = plain.writeValueAsString(payload);

        // then
        assertThat(plain.readTree(written)).isEqualTo(plain.readTree(json));
        assertThat(plain.readValue(written, type)).isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theGleitzeitMapperWritesTheSameJsonAsAPlainOne(String name, Class<?> type, String json) throws IOException {
        // given
        var plain = new ObjectMapper();
        ObjectMapper gleitzeit = GleitzeitJson.newMapper();
        Object payload = plain.readValue(json, type);

        // when
        String written = gleitzeit.writeValueAsString(payload);

        // then
        assertThat(plain.readTree(written)).isEqualTo(plain.readTree(json));
        assertThat(gleitzeit.readValue(json, type)).isEqualTo(payload);
    }

    @Test
    void everyWirePayloadTypeHasASample() throws IOException, URISyntaxException {
        // given every class of the package that carries @WirePayload
        Path classes = Path.of(WirePayload.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/gleitzeit/protocol");
        Set<Class<?>> payloadTypes;
        try (Stream<Path> files = Files.list(classes)) {
            payloadTypes = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> "io.gleitzeit.protocol." + f.substring(0, f.length() - ".class".length()))
                    .map(WirePayloadRoundTripTest::load)
                    .filter(c -> c.isAnnotationPresent(WirePayload.class))
                    .collect(Collectors.toSet());
        }

        // then each one is covered by the round trip above
        Map<Class<?>, String> samples = WireSamples.all();
        assertThat(payloadTypes).isNotEmpty();
        assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(payloadTypes);
    }

    private static Class<?> load(String binaryName) {
        try {
            return Class.forName(binaryName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(binaryName, e);
        }
    }
}
