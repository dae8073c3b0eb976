package io.gleitzeit.services.functions;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a parameter of a {@link GleitzeitTask} method appears to callers. Without it, the parameter's wire name is its
 * Java name in snake_case ({@code topN} is {@code top_n}; the build compiles with {@code -parameters}) and it is
 * required.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {
    /** Marks "no default": the argument is required. */
    String REQUIRED = "\u0000required";

    /** The wire name used in {@code kwargs}; the Java parameter name in snake_case when empty. */
    String value() default "";

    /** Other accepted {@code kwargs} names, for compatibility with older callers. */
    String[] aliases() default {};

    /**
     * The value, as JSON text, used when the caller omits the argument ({@code "10"}, {@code "\"sha256\""},
     * {@code "null"}). Without it the argument is required.
     */
    String defaultValue() default REQUIRED;
}
