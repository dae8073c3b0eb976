package io.gleitzeit.services.functions.builtin;

import io.gleitzeit.services.functions.FunctionRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * The built-in catalogue, with the names, argument names and result shapes of the original Gleitzeit (see
 * {@code docs/functions.md}).
 */
public final class BuiltinFunctions {
    private BuiltinFunctions() {
    }

    /** Every built-in source, using the system clock and a fresh random source. */
    public static List<Object> all() {
        return all(Clock.systemDefaultZone(), new Random());
    }

    /** Every built-in source, with the given time and randomness (for tests and reproducible runs). */
    public static List<Object> all(Clock clock, Random random) {
        return List.of(MathFunctions.class, StatisticsFunctions.class, TextFunctions.class, EncodingFunctions.class,
                new UtilityFunctions(clock, random), JsonFunctions.class, CsvFunctions.class, RecordFunctions.class,
                new AsyncFunctions(clock));
    }

    /** A registry of the built-in functions. */
    public static FunctionRegistry registry() {
        return FunctionRegistry.newBuilder().add(all()).build();
    }
}
