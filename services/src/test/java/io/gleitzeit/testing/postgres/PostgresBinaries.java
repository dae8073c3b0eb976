package io.gleitzeit.testing.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Where {@code initdb} and {@code pg_ctl} are. */
record PostgresBinaries(Path directory) {

    Path initdb() {
        return directory.resolve("initdb");
    }

    Path pgCtl() {
        return directory.resolve("pg_ctl");
    }

    static Optional<PostgresBinaries> find() {
        String configured = System.getenv("POSTGRES_BIN_DIR");
        if (configured != null && !configured.isBlank()) {
            return usable(Path.of(configured));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<PostgresBinaries> newest = versions.map(v -> v.resolve("bin"))
                        .filter(bin -> usable(bin).isPresent())
                        .max(Comparator.comparingInt(PostgresBinaries::majorVersion))
                        .map(PostgresBinaries::new);
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Optional<PostgresBinaries> found = usable(Path.of(dir));
                if (found.isPresent()) {
                    // a symlink on the PATH (/usr/local/bin/initdb → /usr/lib/postgresql/15/bin/initdb): use the real
                    // directory, where pg_ctl finds the server binary next to it
                    try {
                        return usable(found.get().initdb().toRealPath().getParent()).or(() -> found);
                    } catch (IOException e) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<PostgresBinaries> usable(Path dir) {
        PostgresBinaries candidate = new PostgresBinaries(dir);
        return Files.isExecutable(candidate.initdb()) && Files.isExecutable(candidate.pgCtl())
                ? Optional.of(candidate) : Optional.empty();
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
