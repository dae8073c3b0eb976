package io.gleitzeit.redis.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The last-resort Redis: a {@code redis-server} binary shipped inside a jar on the class path (the
 * {@code com.github.codemonstur:embedded-redis} artifact carries Redis 6.2 builds for Linux). It is extracted once to
 * a cache folder and run like any other binary by {@link LocalRedisServer}. Redis 6.2 has XAUTOCLAIM, which Gleitzeit
 * needs; it lacks Redis 7 features, which Gleitzeit does not use.
 */
public final class EmbeddedRedisBinary {
    private EmbeddedRedisBinary() {
    }

    /** The class-path resource for this machine's OS and architecture, if one is known. */
    static Optional<String> resourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return Optional.empty();
        }
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return Optional.of("redis-server-6.2.6-v5-linux-amd64");
        }
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return Optional.of("redis-server-6.2.7-linux-arm64");
        }
        return Optional.empty();
    }

    /**
     * Extracts the binary (once) into {@code ~/.cache/gleitzeit/} and returns its path; empty when no binary for
     * this machine is on the class path.
     */
    public static Optional<Path> extract() throws IOException {
        Optional<String> name = resourceName();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        ClassLoader loader = EmbeddedRedisBinary.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(name.get())) {
            if (in == null) {
                return Optional.empty();
            }
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "gleitzeit");
            Files.createDirectories(dir);
            Path target = dir.resolve(name.get());
            if (!Files.isExecutable(target)) {
                Path tmp = Files.createTempFile(dir, name.get(), ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                if (!tmp.toFile().setExecutable(true, true)) {
                    throw new IOException("cannot make " + tmp + " executable");
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return Optional.of(target);
        }
    }

    /** A redis-server to run: the one on PATH (or REDIS_SERVER_BIN), else the embedded one. */
    public static Optional<Path> findAny() throws IOException {
        Optional<Path> installed = LocalRedisServer.findBinary();
        return installed.isPresent() ? installed : extract();
    }
}
