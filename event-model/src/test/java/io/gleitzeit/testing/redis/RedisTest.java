package io.gleitzeit.testing.redis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) that talks to a real Redis. The test is skipped, with the reason shown, when no
 * Redis ≥ 6.2 can be found; otherwise a {@link TestRedis} can be injected into test and lifecycle methods
 * ({@code @BeforeEach void setUp(TestRedis redis)}). See {@link RedisExtension} for where Redis comes from.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RedisExtension.class)
public @interface RedisTest {
}
