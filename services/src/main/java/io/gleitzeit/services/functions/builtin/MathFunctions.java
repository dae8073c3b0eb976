package io.gleitzeit.services.functions.builtin;

import io.gleitzeit.services.functions.GleitzeitTask;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Number theory: Fibonacci, factorials, primes, gcd and lcm. Limits are those of the original Gleitzeit. */
public final class MathFunctions {
    static final int MAX_FIBONACCI_TERMS = 100;
    static final int MAX_FACTORIAL = 20;
    static final long MAX_PRIME_CHECK = 1_000_000_000L;
    static final long MAX_FACTORISED = 1_000_000L;

    @GleitzeitTask(name = "fibonacci_sequence", aliases = "fibonacci", category = "math",
            description = "The first n Fibonacci numbers, starting 0, 1 (n at most 100; n <= 0 gives [])")
    public static List<BigInteger> fibonacciSequence(int n) {
        if (n > MAX_FIBONACCI_TERMS) {
            throw new IllegalArgumentException("n must be at most " + MAX_FIBONACCI_TERMS + ", was " + n);
        }
        List<BigInteger> sequence = new ArrayList<>();
        BigInteger a = BigInteger.ZERO;
        BigInteger b = BigInteger.ONE;
        for (int i = 0; i < n; i++) {
            sequence.add(a);
            BigInteger next = a.add(b);
            a = b;
            b = next;
        }
        return sequence;
    }

    @GleitzeitTask(name = "factorial", category = "math", description = "n! for 0 <= n <= 20")
    public static long factorial(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("factorial is not defined for negative numbers, n was " + n);
        }
        if (n > MAX_FACTORIAL) {
            throw new IllegalArgumentException("n must be at most " + MAX_FACTORIAL + ", was " + n);
        }
        long result = 1;
        for (int i = 2; i <= n; i++) {
            result *= i;
        }
        return result;
    }

    @GleitzeitTask(name = "is_prime", category = "math", description = "Whether n is prime (n at most 10^9)")
    public static boolean isPrime(long n) {
        if (n > MAX_PRIME_CHECK) {
            throw new IllegalArgumentException("n must be at most " + MAX_PRIME_CHECK + ", was " + n);
        }
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    @GleitzeitTask(name = "prime_factors", category = "math",
            description = "The prime factors of n with multiplicity, ascending (n at most 10^6; n < 2 gives [])")
    public static List<Long> primeFactors(long n) {
        if (n > MAX_FACTORISED) {
            throw new IllegalArgumentException("n must be at most " + MAX_FACTORISED + ", was " + n);
        }
        List<Long> factors = new ArrayList<>();
        long rest = n;
        for (long d = 2; d * d <= rest; d++) {
            while (rest % d == 0) {
                factors.add(d);
                rest /= d;
            }
        }
        if (rest > 1) {
            factors.add(rest);
        }
        return factors;
    }

    @GleitzeitTask(name = "gcd", category = "math", description = "Greatest common divisor, never negative")
    public static long gcd(long a, long b) {
        long x = Math.abs(a);
        long y = Math.abs(b);
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }

    @GleitzeitTask(name = "lcm", category = "math",
            description = "Least common multiple, never negative; 0 when either number is 0")
    public static long lcm(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        try {
            return Math.abs(Math.multiplyExact(a / gcd(a, b), b));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("lcm(" + a + ", " + b + ") does not fit in 64 bits", e);
        }
    }
}
