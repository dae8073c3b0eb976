package io.gleitzeit.redis.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link LocalRedisServer}. Build with {@link #newBuilder()}.
 *
 * @param binary          the redis-server binary, or {@code null} to look it up ({@link LocalRedisServer#findBinary()})
 * @param port            0 for a free port
 * @param dataDirectory   where AOF/RDB files go, or {@code null} for the process's working directory
 * @param appendOnly      persistence mode
 * @param logFile         where its output goes, or {@code null} to discard it
 * @param extraArguments  further {@code --option value} arguments
 */
public record LocalRedisOptions(
        Path binary, int port, Path dataDirectory, AppendOnlyMode appendOnly, Path logFile,
        List<String> extraArguments) {

    public LocalRedisOptions {
        Objects.requireNonNull(appendOnly, "appendOnly");
        extraArguments = List.copyOf(extraArguments);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.binary = binary;
        b.port = port;
        b.dataDirectory = dataDirectory;
        b.appendOnly = appendOnly;
        b.logFile = logFile;
        b.extraArguments.addAll(extraArguments);
        return b;
    }

    /** Builder of {@link LocalRedisOptions}; defaults: free port, no persistence, output discarded. */
    public static final class Builder {
        private Path binary;
        private int port;
        private Path dataDirectory;
        private AppendOnlyMode appendOnly = AppendOnlyMode.OFF;
        private Path logFile;
        private final List<String> extraArguments = new ArrayList<>();

        private Builder() {
        }

        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder appendOnly(AppendOnlyMode appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public Builder argument(String name, String value) {
            extraArguments.add(name);
            extraArguments.add(value);
            return this;
        }

        public LocalRedisOptions build() {
            return new LocalRedisOptions(binary, port, dataDirectory, appendOnly, logFile, extraArguments);
        }
    }
}
