package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MathFunctionsTest {
    private final Builtins builtins = new Builtins();

    @Nested
    class FibonacciSequence {
        @Test
        void givesTheFirstNTermsStartingAtZero() {
            assertThat(builtins.call("fibonacci_sequence", "{\"n\": 10}"))
                    .isEqualTo(builtins.json("[0, 1, 1, 2, 3, 5, 8, 13, 21, 34]"));
        }

        @Test
        void theShortAliasIsTheSameFunction() {
            assertThat(builtins.callPositional("fibonacci", "[3]")).isEqualTo(builtins.json("[0, 1, 1]"));
        }

        @Test
        void zeroOrNegativeGivesAnEmptyList() {
            assertThat(builtins.call("fibonacci_sequence", "{\"n\": 0}")).isEmpty();
            assertThat(builtins.call("fibonacci_sequence", "{\"n\": -4}")).isEmpty();
        }

        @Test
        void termsBeyondSixtyFourBitsAreExact() {
            assertThat(builtins.call("fibonacci_sequence", "{\"n\": 100}").get(99).bigIntegerValue())
                    .hasToString("218922995834555169026");
        }

        @Test
        void moreThanAHundredTermsAreRefused() {
            assertThat(builtins.failure("fibonacci_sequence", "{\"n\": 101}"))
                    .hasMessage("n must be at most 100, was 101");
        }
    }

    @Nested
    class Factorial {
        @Test
        void computesFactorialsUpToTwenty() {
            assertThat(builtins.call("factorial", "{\"n\": 0}").asLong()).isEqualTo(1);
            assertThat(builtins.call("factorial", "{\"n\": 5}").asLong()).isEqualTo(120);
            assertThat(builtins.call("factorial", "{\"n\": 20}").asLong()).isEqualTo(2_432_902_008_176_640_000L);
        }

        @Test
        void negativeAndTooLargeAreNotRetryableErrors() {
            assertThat(builtins.failure("factorial", "{\"n\": -1}").fault().retryable()).isFalse();
            assertThat(builtins.failure("factorial", "{\"n\": 21}")).hasMessage("n must be at most 20, was 21");
        }

        @Test
        void aTextArgumentIsATypeError() {
            assertThat(builtins.failure("factorial", "{\"n\": \"five\"}"))
                    .hasMessage("factorial: argument 'n' expects an integer, got \"five\"");
        }
    }

    @Nested
    class Primes {
        @Test
        void recognisesPrimes() {
            assertThat(builtins.call("is_prime", "{\"n\": 2}").asBoolean()).isTrue();
            assertThat(builtins.call("is_prime", "{\"n\": 97}").asBoolean()).isTrue();
            assertThat(builtins.call("is_prime", "{\"n\": 999999937}").asBoolean()).isTrue();
        }

        @Test
        void rejectsNonPrimes() {
            assertThat(builtins.call("is_prime", "{\"n\": 1}").asBoolean()).isFalse();
            assertThat(builtins.call("is_prime", "{\"n\": -7}").asBoolean()).isFalse();
            assertThat(builtins.call("is_prime", "{\"n\": 91}").asBoolean()).isFalse();
        }

        @Test
        void numbersAboveOneBillionAreRefused() {
            assertThat(builtins.failure("is_prime", "{\"n\": 1000000001}")).hasMessageContaining("at most 1000000000");
        }

        @Test
        void factorsWithMultiplicity() {
            assertThat(builtins.call("prime_factors", "{\"n\": 360}")).isEqualTo(builtins.json("[2, 2, 2, 3, 3, 5]"));
            assertThat(builtins.call("prime_factors", "{\"n\": 999983}")).isEqualTo(builtins.json("[999983]"));
            assertThat(builtins.call("prime_factors", "{\"n\": 1}")).isEmpty();
        }

        @Test
        void factorisingAboveOneMillionIsRefused() {
            assertThat(builtins.failure("prime_factors", "{\"n\": 1000001}")).hasMessageContaining("at most 1000000");
        }
    }

    @Nested
    class GcdAndLcm {
        @Test
        void gcdIsNeverNegative() {
            assertThat(builtins.call("gcd", "{\"a\": 48, \"b\": 18}").asLong()).isEqualTo(6);
            assertThat(builtins.call("gcd", "{\"a\": -48, \"b\": 18}").asLong()).isEqualTo(6);
            assertThat(builtins.call("gcd", "{\"a\": 0, \"b\": 0}").asLong()).isZero();
        }

        @Test
        void lcmOfCoprimesIsTheirProduct() {
            assertThat(builtins.call("lcm", "{\"a\": 4, \"b\": 6}").asLong()).isEqualTo(12);
            assertThat(builtins.call("lcm", "{\"a\": -7, \"b\": 3}").asLong()).isEqualTo(21);
            assertThat(builtins.call("lcm", "{\"a\": 0, \"b\": 3}").asLong()).isZero();
        }

        @Test
        void anLcmBeyondSixtyFourBitsIsRefused() {
            assertThat(builtins.failure("lcm", "{\"a\": 9223372036854775783, \"b\": 9223372036854775643}"))
                    .hasMessageContaining("does not fit in 64 bits");
        }
    }
}
