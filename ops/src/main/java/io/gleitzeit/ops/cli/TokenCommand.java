package io.gleitzeit.ops.cli;

import io.gleitzeit.orchestrator.hub.auth.IssuedToken;
import io.gleitzeit.orchestrator.hub.auth.StoredTokenAuthenticator;
import io.gleitzeit.orchestrator.hub.auth.TokenRecord;
import io.gleitzeit.orchestrator.hub.auth.TokenStore;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code gleitzeit token create|list|revoke}: the hub's access tokens, kept hashed in Redis. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Manage the hub's access tokens. They are stored hashed (SHA-256) in Redis under the key",
            "prefix, so every orchestrator of the cluster sees them within "
                    + StoredTokenAuthenticator.DEFAULT_REFRESH_SECONDS + " seconds. With --auth auto",
            "(the default) the hub requires a token as soon as one exists."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    /** Runs {@code action} against the token store of the configured Redis. */
    static <T> T withStore(RedisOptions redis, PrintWriter out, Function<TokenStore, T> action) throws Exception {
        try (RedisOptions.RedisHandle handle = redis.open(out)) {
            try (RedisConnector client = RedisConnector.open(handle.url());
                 RedisLink connection = client.connect()) {
                return action.apply(new TokenStore(connection.sync(), redis.prefix, Clock.systemUTC()));
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Issue a token and print it once; only its hash is stored.")
    static final class Create implements Callable<Integer> {
        @Mixin
        RedisOptions redis;

        @Option(names = "--role", required = true, paramLabel = "ROLE", converter = RoleConverter.class,
                description = "service (register, execute), client (submit, query, cancel), monitor (read-only "
                        + "monitoring) or admin (everything).")
        Role role;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Unique name, shown in logs as the principal (letters, digits, . _ @ -).")
        String name;

        @Option(names = "--expires", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Validity, e.g. 30d, 12h, 45m, 90s (default: never expires).")
        Duration expires;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            IssuedToken issued = withStore(redis, out, store -> store.create(role, name, Optional.ofNullable(expires)));
            TokenRecord r = issued.record();
            out.printf("created token %s (id %s, role %s, expires %s)%n", r.name(), r.id(), r.role().wireName(),
                    r.expiry().map(Instant::toString).orElse("never"));
            out.println("token (shown only now, store it safely):");
            out.println(issued.secret());
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        RedisOptions redis;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<TokenRecord> tokens = withStore(redis, out, TokenStore::list);
            Instant now = Instant.now();
            out.printf("%-16s  %-24s  %-7s  %-24s  %-24s  %s%n", "ID", "NAME", "ROLE", "CREATED", "EXPIRES", "STATE");
            for (TokenRecord r : tokens) {
                out.printf("%-16s  %-24s  %-7s  %-24s  %-24s  %s%n", r.id(), r.name(), r.role().wireName(),
                        r.createdAt(), r.expiry().map(Instant::toString).orElse("never"),
                        r.validAt(now) ? "valid" : "expired");
            }
            out.printf("%d token(s)%n", tokens.size());
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token by name or id: new connections presenting it are refused within "
                    + StoredTokenAuthenticator.DEFAULT_REFRESH_SECONDS + " seconds on every orchestrator.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        RedisOptions redis;

        @Parameters(paramLabel = "NAME|ID", description = "The token's name or id.")
        String nameOrId;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Optional<TokenRecord> revoked = withStore(redis, out, store -> store.revoke(nameOrId));
            if (revoked.isEmpty()) {
                spec.commandLine().getErr().println("gleitzeit token revoke: no token named or with id " + nameOrId);
                spec.commandLine().getErr().flush();
                return 1;
            }
            out.printf("revoked token %s (id %s, role %s)%n", revoked.get().name(), revoked.get().id(),
                    revoked.get().role().wireName());
            out.flush();
            return 0;
        }
    }

    /** {@code service}, {@code client}, {@code monitor}, {@code admin}. */
    static final class RoleConverter implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A number and a unit: {@code 30d}, {@code 12h}, {@code 45m}, {@code 90s}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,8})([dhms])");

        @Override
        public Duration convert(String value) {
            Matcher m = FORMAT.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("expected a positive number and a unit d, h, m or s (e.g. 30d), "
                        + "was '" + value + "'");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
