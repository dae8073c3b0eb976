package io.gleitzeit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AckReplyTest {
    private final ObjectMapper json = new ObjectMapper();

    @Nested
    class Success {
        @Test
        void aBareSuccessIsOkTrue() throws Exception {
            assertThat(json.writeValueAsString(AckReply.success())).isEqualTo("{\"ok\":true}");
        }

        @Test
        void extraFieldsStandAtTheTopLevel() throws Exception {
            AckReply reply = AckReply.success("workflow_id", "wf-1").with("count", 3);

            assertThat(json.readTree(json.writeValueAsString(reply)))
                    .isEqualTo(json.readTree("{\"ok\": true, \"workflow_id\": \"wf-1\", \"count\": 3}"));
        }

        @Test
        void readingKeepsTheExtraFields() throws Exception {
            AckReply reply = json.readValue(
                    "{\"ok\": true, \"workflow\": {\"status\": \"running\"}}", AckReply.class);

            assertThat(reply.ok()).isTrue();
            assertThat(reply.error()).isNull();
            assertThat(reply.field("workflow")).hasValueSatisfying(
                    w -> assertThat(w.get("status").asText()).isEqualTo("running"));
        }

        @Test
        void okAndErrorAreNotExtraFields() {
            assertThatThrownBy(() -> AckReply.success().with("ok", false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ok");
        }
    }

    @Nested
    class Failure {
        @Test
        void aFailureHasTheErrorShapeOfTheProtocol() throws Exception {
            AckReply reply = AckReply.failure(AckError.BAD_REQUEST, "invalid workflow",
                    new ErrorDetail("$.tasks[2].dependencies[0]", "unknown task 'X'"));

            assertThat(json.readTree(json.writeValueAsString(reply))).isEqualTo(json.readTree(WireSamples.ACK_ERROR));
        }

        @Test
        void readingAFailureGivesCodeMessageAndDetails() throws Exception {
            AckReply reply = json.readValue(WireSamples.ACK_ERROR, AckReply.class);

            assertThat(reply.ok()).isFalse();
            assertThat(reply.error().code()).isEqualTo("bad_request");
            assertThat(reply.error().details()).containsExactly(
                    new ErrorDetail("$.tasks[2].dependencies[0]", "unknown task 'X'"));
        }

        @Test
        void aFailureWithoutErrorObjectGetsAnInternalError() throws Exception {
            AckReply reply = json.readValue("{\"ok\": false}", AckReply.class);

            assertThat(reply.error().code()).isEqualTo(AckError.INTERNAL);
        }

        @Test
        void anOkAnswerCannotCarryAnError() {
            assertThatThrownBy(() -> new AckReply(true, null, new AckError("x", "y", List.of())))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
