package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.FeedEntry;
import io.gleitzeit.log.GleitzeitException;
import io.gleitzeit.log.StreamPosition;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EntryDecoderTest {
    private static final String EVENTS = "gz:{p0}:events";
    private static final String COMMANDS = "gz:{p0}:commands";
    private final EventCodec codec = EventCodec.standard();
    private final EntryDecoder decoder = new EntryDecoder(codec);
    private final StreamPosition id = StreamPosition.parse("1700000000000-3");

    @Nested
    class Commits {
        @Test
        void readTheEventsOfAnEventStreamEntry() {
            var events = events("wf-a", 4, 2);
            var entry = new StreamEntry(EVENTS, id, Map.of("wf", "wf-a", "v", "4", "n", "2",
                    "e", codec.encodeAll(events)));

            Commit commit = decoder.commit(entry);

            assertThat(commit.position()).isEqualTo(id);
            assertThat(commit.events()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(events);
        }

        @Test
        void refuseAnEntryWhoseFieldsDisagreeWithItsEvents() {
            String json = codec.encodeAll(events("wf-a", 4, 2));

            assertThatThrownBy(() -> decoder.commit(new StreamEntry(EVENTS, id,
                    Map.of("wf", "wf-a", "v", "5", "n", "2", "e", json))))
                    .isInstanceOf(GleitzeitException.class).hasMessageContaining("1700000000000-3")
                    .hasMessageContaining(EVENTS).hasMessageContaining("field v");
            assertThatThrownBy(() -> decoder.commit(new StreamEntry(EVENTS, id,
                    Map.of("wf", "wf-b", "v", "4", "n", "2", "e", json))))
                    .hasMessageContaining("not an event of workflow wf-b");
            assertThatThrownBy(() -> decoder.commit(new StreamEntry(EVENTS, id, Map.of("wf", "wf-a", "v", "4"))))
                    .hasMessageContaining("no field e");
        }

        @Test
        void failPermanentlyOnMalformedJson() {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> decoder.commit(
                    new StreamEntry(EVENTS, id, Map.of("wf", "wf-a", "v", "1", "n", "1", "e", "[{"))));

            assertThat(failure).isInstanceOf(GleitzeitException.class);
            assertThat(((GleitzeitException) failure).isTransient()).isFalse();
        }
    }

    @Nested
    class FeedEntries {
        @Test
        void readASentCommand() {
            var command = LogFixtures.command("wf-a", "c-1");

            FeedEntry entry = decoder.feedEntry(new StreamEntry(COMMANDS, id,
                    Map.of("wf", "wf-a", "c", codec.encodeCommand(command))));

            assertThat(entry).isEqualTo(new FeedEntry.Sent(id, command));
        }

        @Test
        void refuseAnEntryThatIsNeitherCommandNorTimer() {
            assertThatThrownBy(() -> decoder.feedEntry(new StreamEntry(COMMANDS, id, Map.of("wf", "wf-a"))))
                    .isInstanceOf(GleitzeitException.class).hasMessageContaining("neither a command");
            assertThatThrownBy(() -> decoder.feedEntry(new StreamEntry(COMMANDS, id, Map.of("wf", "", "t", "x|y"))))
                    .isInstanceOf(GleitzeitException.class).hasMessageContaining("not a timer member");
        }
    }

    @Test
    void refusesAWorkflowEventOnTheClusterStream() {
        var workflowEvent = events("wf-a", 1, 1).get(0);

        assertThatThrownBy(() -> decoder.clusterEvent(new StreamEntry("gz:{cluster}:events", id,
                Map.of("e", codec.encode(workflowEvent)))))
                .isInstanceOf(GleitzeitException.class).hasMessageContaining("not a cluster event");
    }
}
