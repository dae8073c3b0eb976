package io.gleitzeit.orchestrator.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.definition.Backoff;
import io.gleitzeit.definition.RetryPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BackoffsTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static RetryPolicy policy(Backoff backoff, double jitter) {
        return new RetryPolicy(10, backoff, SECOND, MINUTE, jitter);
    }

    @Nested
    class WithoutJitter {
        @Test
        void fixedAlwaysWaitsTheBaseDelay() {
            RetryPolicy p = policy(Backoff.FIXED, 0);
            assertThat(Backoffs.delay(p, "t", 1)).isEqualTo(SECOND);
            assertThat(Backoffs.delay(p, "t", 5)).isEqualTo(SECOND);
        }

        @Test
        void linearGrowsByTheBaseDelayPerFailedAttempt() {
            RetryPolicy p = policy(Backoff.LINEAR, 0);
            assertThat(Backoffs.delay(p, "t", 1)).isEqualTo(SECOND);
            assertThat(Backoffs.delay(p, "t", 3)).isEqualTo(Duration.ofSeconds(3));
        }

        @Test
        void exponentialDoublesPerFailedAttempt() {
            RetryPolicy p = policy(Backoff.EXPONENTIAL, 0);
            assertThat(Backoffs.delay(p, "t", 1)).isEqualTo(SECOND);
            assertThat(Backoffs.delay(p, "t", 2)).isEqualTo(Duration.ofSeconds(2));
            assertThat(Backoffs.delay(p, "t", 4)).isEqualTo(Duration.ofSeconds(8));
        }

        @Test
        void theMaximumCapsEveryKindEvenForHugeAttemptNumbers() {
            assertThat(Backoffs.delay(policy(Backoff.EXPONENTIAL, 0), "t", 7)).isEqualTo(MINUTE);
            assertThat(Backoffs.delay(policy(Backoff.EXPONENTIAL, 0), "t", 500)).isEqualTo(MINUTE);
            assertThat(Backoffs.delay(policy(Backoff.LINEAR, 0), "t", Integer.MAX_VALUE)).isEqualTo(MINUTE);
        }

        @Test
        void anAttemptBelowOneIsRejected() {
            assertThatThrownBy(() -> Backoffs.delay(RetryPolicy.DEFAULT, "t", 0))
                    .hasMessageContaining("failedAttempt");
        }
    }

    @Nested
    class WithJitter {
        @Test
        void theSameTaskAndAttemptAlwaysGetTheSameDelay() {
            RetryPolicy p = policy(Backoff.EXPONENTIAL, 0.5);
            assertThat(Backoffs.delay(p, "wf/3", 2)).isEqualTo(Backoffs.delay(p, "wf/3", 2));
        }

        @Test
        void theDelayStaysWithinJitterTimesTheDelay() {
            RetryPolicy p = policy(Backoff.FIXED, 0.2);
            for (int i = 0; i < 1000; i++) {
                long ms = Backoffs.delay(p, "wf-" + i + "/0", 1 + i % 5).toMillis();
                assertThat(ms).isBetween(800L, 1200L);
            }
        }

        @Test
        void differentTasksAndAttemptsAreSpreadApart() {
            RetryPolicy p = policy(Backoff.FIXED, 0.5);
            Set<Duration> distinct = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                distinct.add(Backoffs.delay(p, "wf/" + i, 1));
                distinct.add(Backoffs.delay(p, "wf/0", i + 1));
            }
            assertThat(distinct).hasSizeGreaterThan(150);
        }

        @Test
        void jitterNeverPushesTheDelayPastTheMaximum() {
            RetryPolicy p = new RetryPolicy(5, Backoff.EXPONENTIAL, SECOND, Duration.ofSeconds(4), 1.0);
            for (int i = 0; i < 500; i++) {
                assertThat(Backoffs.delay(p, "wf/" + i, 5)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
            }
        }

        @Test
        void theJitterFactorCoversBothSides() {
            double min = 1;
            double max = -1;
            for (int i = 0; i < 1000; i++) {
                double f = Backoffs.jitterFactor("wf/" + i, 1);
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
            assertThat(min).isBetween(-1.0, -0.9);
            assertThat(max).isBetween(0.9, 1.0);
        }
    }
}
