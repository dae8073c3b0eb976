package io.gleitzeit.log.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.TimerKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TimerMemberTest {
    @Nested
    class Encode {
        @Test
        void writesKindAttemptWorkflowIdLengthWorkflowIdAndTask() {
            var member = new TimerMember("order-1", new FireTimer(TimerKind.RETRY_DUE, "order-1/0", 2));

            assertThat(member.encode()).isEqualTo("retry_due|2|7|order-1|order-1/0");
        }

        @Test
        void leavesTheTaskEmptyForAWorkflowTimeout() {
            var member = new TimerMember("order-1", new FireTimer(TimerKind.WORKFLOW_TIMEOUT, null, 0));

            assertThat(member.encode()).isEqualTo("workflow_timeout|0|7|order-1|");
        }

        @Test
        void countsTheWorkflowIdInUtf8Bytes() {
            var member = new TimerMember("ü", new FireTimer(TimerKind.WORKFLOW_TIMEOUT, null, 0));

            assertThat(member.encode()).isEqualTo("workflow_timeout|0|2|ü|");
        }
    }

    @Nested
    class Decode {
        @Test
        void readsBackWhatWasEncoded() {
            for (TimerMember member : new TimerMember[] {
                    new TimerMember("a|b", new FireTimer(TimerKind.TASK_TIMEOUT, "a|b/3", 1)),
                    new TimerMember("wf-ü|", new FireTimer(TimerKind.WORKFLOW_TIMEOUT, null, 0)),
                    new TimerMember("x", new FireTimer(TimerKind.RETRY_DUE, "x/0", 12))}) {
                assertThat(TimerMember.decode(member.encode())).isEqualTo(member);
            }
        }

        @Test
        void refusesWhatIsNotAMemberQuotingIt() {
            for (String bad : new String[] {"", "retry_due", "bogus|1|1|a|a/0", "retry_due|1|9|a|a/0",
                    "retry_due|0|1|a|a/0", "task_timeout|1|1|a|"}) {
                assertThatThrownBy(() -> TimerMember.decode(bad))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("not a timer member: " + bad);
            }
        }
    }
}
