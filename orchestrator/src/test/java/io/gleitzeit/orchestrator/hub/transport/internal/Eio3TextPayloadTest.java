package io.gleitzeit.orchestrator.hub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Eio3TextPayloadTest {

    @Nested
    class Decode {

        @Test
        void readsLengthsAsUtf16UnitsSoAstralCharactersCountTwice() {
            // "🚀" is one code point, two UTF-16 units, four UTF-8 bytes; engine.io-parser 2 counts 2.
            String rocket = "42[\"e\",\"🚀\"]";

            List<String> packets = Eio3TextPayload.decode(rocket.length() + ":" + rocket + "1:2");

            assertThat(rocket.length()).isEqualTo(12);
            assertThat(packets).containsExactly(rocket, "2");
        }

        @Test
        void refusesAPacketLongerThanWhatRemains() {
            assertThatThrownBy(() -> Eio3TextPayload.decode("9:42[]"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("claims 9 characters, 4 remain");
        }

        @Test
        void refusesAMissingLengthHeader() {
            assertThatThrownBy(() -> Eio3TextPayload.decode("42[\"e\"]"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length header");
        }

        @Test
        void readsAnEmptyPayloadAsNoPackets() {
            assertThat(Eio3TextPayload.decode("")).isEmpty();
        }
    }

    @Nested
    class Encode {

        @Test
        void writesWhatDecodeReads() {
            List<String> packets = List.of("40", "42[\"e\",\"Grüße 🚀 日本語\"]", "3");

            assertThat(Eio3TextPayload.decode(Eio3TextPayload.encode(packets))).isEqualTo(packets);
        }
    }
}
