package io.gleitzeit.log.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script of the log, run with EVALSHA. The SHA is computed locally, so the first run costs nothing extra when
 * the server already has the script; on {@code NOSCRIPT} (first use, or after a restart or failover emptied the
 * script cache) the call is repeated once as EVAL, which also caches the script on that server. A script refused
 * with NOSCRIPT did not run, so the repeat cannot double an effect.
 */
final class LuaScript {
    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** Loads {@code io/gleitzeit/log/redis/<name>.lua} from the class path. */
    static LuaScript named(String name) {
        String resource = name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + resource, e);
        }
    }

    String name() {
        return name;
    }

    String sha() {
        return sha;
    }

    /** Runs the script; loads it first when the server does not know it. */
    <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys,
                               String... args) {
        CompletionStage<T> first = redis.evalsha(sha, type, keys, args);
        return first.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                // EVAL runs the script on the node of the keys' slot and caches it there. SCRIPT LOAD would go
                // to one node of a cluster (or to every node, racing a failover) and could miss the one that
                // needs it; EVAL cannot.
                return redis.<T>eval(source, type, keys, args);
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
