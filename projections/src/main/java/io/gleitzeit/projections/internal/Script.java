package io.gleitzeit.projections.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script of the projections, run with EVALSHA; on {@code NOSCRIPT} (first use, a restart or failover emptied
 * the script cache) it is loaded and the call retried once.
 */
final class Script {
    private final String source;
    private final String sha;

    private Script(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** Loads {@code io/gleitzeit/projections/internal/<name>.lua} from the class path. */
    static Script named(String name) {
        String resource = name + ".lua";
        try (InputStream in = Script.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + resource, e);
        }
    }

    <T> T run(RedisClusterCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            // EVAL runs on the node of the keys' slot and caches the script there (SCRIPT LOAD could miss that node
            // on a cluster). A script refused with NOSCRIPT did not run, so repeating it doubles nothing.
            return redis.eval(source, type, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
