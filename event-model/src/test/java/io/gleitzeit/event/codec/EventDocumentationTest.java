package io.gleitzeit.event.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/events.md is what dashboards consume the streams by: it must name every type this version writes. */
class EventDocumentationTest {
    private static final Path DOC = Path.of("..", "docs", "events.md");

    @Test
    void everyEventAndCommandTypeIsDocumentedWithItsVersion() throws Exception {
        String doc = Files.readString(DOC);
        for (Class<?> type : StandardTypes.events().registeredClasses()) {
            WireType wire = StandardTypes.events().wireTypeOf(type);
            assertThat(doc).as("docs/events.md documents %s", wire)
                    .contains("| `" + wire.name() + "` | " + wire.version() + " |");
        }
        for (Class<?> type : StandardTypes.commands().registeredClasses()) {
            assertThat(doc).as("docs/events.md documents command %s", type.getSimpleName())
                    .contains("| `" + StandardTypes.commands().wireTypeOf(type).name() + "` |");
        }
    }
}
