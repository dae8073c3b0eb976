package io.gleitzeit.services.functions;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method callable from workflows as a function task ({@code "type": "python"} or {@code "function"}).
 * Only methods carrying this annotation, on objects or classes handed to a {@link FunctionRegistry}, can ever run.
 *
 * <pre>{@code
 * @GleitzeitTask(name = "gcd", category = "math", description = "Greatest common divisor")
 * public static long gcd(long a, long b) { ... }
 * }</pre>
 *
 * <p>Parameters are bound by name from {@code kwargs} and by position from {@code args}; see {@link Param} for
 * wire names, aliases and defaults. A {@link io.gleitzeit.services.sdk.TaskContext} parameter receives the running
 * attempt's context (progress, cancellation) and is not an argument.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GleitzeitTask {
    /** The function name workflows use; the method's name when empty. */
    String name() default "";

    /** Other names for the same function. */
    String[] aliases() default {};

    /** A grouping for listings ({@code math}, {@code text}, …). */
    String category() default "custom";

    /** What it does, for listings and docs. */
    String description() default "";

    /** A time limit in seconds for one call; 0 means only the task's own timeout applies. */
    double timeout() default 0;

    /**
     * Exceptions that mean another attempt cannot succeed. {@link IllegalArgumentException} and argument binding
     * errors never are retryable; everything else is unless listed here.
     */
    Class<? extends Throwable>[] nonRetryable() default {};
}
