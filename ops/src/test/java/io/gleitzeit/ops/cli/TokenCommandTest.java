package io.gleitzeit.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.orchestrator.hub.auth.TokenHash;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code gleitzeit token create|list|revoke} against real Redis: the secret is printed once and stored nowhere. */
@RedisTest
class TokenCommandTest {

    @Test
    void createListAndRevoke(TestRedis redis) {
        String url = redis.uri().toURI().toString();
        CliRun created = CliRun.of("token", "create", "--redis", url, "--prefix", redis.prefix(), "--role", "service",
                "--name", "llm-1", "--expires", "30d");
        assertThat(created.exit()).as(created.err()).isZero();
        Matcher token = Pattern.compile(Pattern.quote(TokenHash.PREFIX) + "[A-Za-z0-9_-]{43}").matcher(created.out());
        assertThat(token.find()).as(created.out()).isTrue();
        String secret = token.group();

        CliRun listed = CliRun.of("token", "list", "--redis", url, "--prefix", redis.prefix());
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains("llm-1").contains("service").contains("1 token(s)").doesNotContain(secret);
        for (String key : redis.connect().sync().keys(redis.prefix() + "*")) {
            assertThat(redis.connect().sync().hgetall(key).toString()).doesNotContain(secret);
        }

        CliRun duplicate = CliRun.of("token", "create", "--redis", url, "--prefix", redis.prefix(), "--role",
                "client", "--name", "llm-1");
        assertThat(duplicate.exit()).isNotZero();
        assertThat(duplicate.err()).contains("'llm-1' already has a token");
        CliRun badRole = CliRun.of("token", "create", "--redis", url, "--prefix", redis.prefix(), "--role", "root",
                "--name", "x");
        assertThat(badRole.exit()).isNotZero();
        assertThat(badRole.err()).contains("unknown role 'root'");
        CliRun badExpiry = CliRun.of("token", "create", "--redis", url, "--prefix", redis.prefix(), "--role",
                "client", "--name", "x", "--expires", "soon");
        assertThat(badExpiry.exit()).isNotZero();
        assertThat(badExpiry.err()).contains("expected a positive number and a unit");

        assertThat(CliRun.of("token", "revoke", "--redis", url, "--prefix", redis.prefix(), "llm-1").out())
                .contains("revoked token llm-1");
        CliRun again = CliRun.of("token", "revoke", "--redis", url, "--prefix", redis.prefix(), "llm-1");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(List.of(again.err())).anySatisfy(e -> assertThat(e).contains("no token named or with id llm-1"));
    }
}
