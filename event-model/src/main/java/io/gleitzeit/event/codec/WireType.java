package io.gleitzeit.event.codec;

import java.util.Objects;

/**
 * The stored name and schema version of a type, kept apart from the Java class name so classes can be renamed
 * without changing what is in the streams.
 */
public record WireType(String name, int version) {
    public WireType {
        Objects.requireNonNull(name, "name");
        if (version < 1) {
            throw new IllegalArgumentException("schema version must be at least 1");
        }
    }

    @Override
    public String toString() {
        return name + "@v" + version;
    }
}
