package io.gleitzeit.event.codec;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps classes to their wire names and current schema versions, and holds the upcasters for older versions.
 * Immutable; build one with {@link #newBuilder()}.
 *
 * @param <T> the root type (events or commands)
 */
public final class TypeRegistry<T> {
    private final Map<Class<? extends T>, WireType> byClass;
    private final Map<String, Class<? extends T>> byName;
    private final Map<String, Map<Integer, Upcaster>> upcasters;

    private TypeRegistry(Builder<T> builder) {
        this.byClass = Collections.unmodifiableMap(new LinkedHashMap<>(builder.byClass));
        this.byName = Map.copyOf(builder.byName);
        Map<String, Map<Integer, Upcaster>> ups = new HashMap<>();
        builder.upcasters.forEach((k, v) -> ups.put(k, Map.copyOf(v)));
        this.upcasters = Map.copyOf(ups);
    }

    public static <T> Builder<T> newBuilder() {
        return new Builder<>();
    }

    /** The wire type of a registered class. */
    public WireType wireTypeOf(Class<?> type) {
        WireType wire = byClass.get(type);
        if (wire == null) {
            throw new IllegalArgumentException("unregistered type " + type.getName());
        }
        return wire;
    }

    /** The class registered under a wire name, if any. */
    public Optional<Class<? extends T>> classOf(String wireName) {
        return Optional.ofNullable(byName.get(wireName));
    }

    /** The upcaster reading {@code version} of {@code wireName}, if any. */
    public Optional<Upcaster> upcaster(String wireName, int version) {
        return Optional.ofNullable(upcasters.getOrDefault(wireName, Map.of()).get(version));
    }

    /** Every registered class, in registration order. */
    public List<Class<? extends T>> registeredClasses() {
        return List.copyOf(byClass.keySet());
    }

    /** Builds a {@link TypeRegistry}; {@link #build()} checks that every old version has an upcaster. */
    public static final class Builder<T> {
        private final Map<Class<? extends T>, WireType> byClass = new LinkedHashMap<>();
        private final Map<String, Class<? extends T>> byName = new HashMap<>();
        private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();

        private Builder() {
        }

        /** Registers {@code type} as {@code wireName} at schema {@code version}. */
        public Builder<T> register(Class<? extends T> type, String wireName, int version) {
            Objects.requireNonNull(type, "type");
            WireType wire = new WireType(wireName, version);
            if (byName.containsKey(wireName) || byClass.containsKey(type)) {
                throw new IllegalArgumentException("registered twice: " + wireName + " / " + type.getName());
            }
            byClass.put(type, wire);
            byName.put(wireName, type);
            return this;
        }

        /** Adds an upcaster for an older version of a registered type. */
        public Builder<T> upcaster(Upcaster upcaster) {
            upcasters.computeIfAbsent(upcaster.type(), k -> new HashMap<>()).put(upcaster.fromVersion(), upcaster);
            return this;
        }

        public TypeRegistry<T> build() {
            for (var entry : byClass.values()) {
                for (int v = 1; v < entry.version(); v++) {
                    if (!upcasters.getOrDefault(entry.name(), Map.of()).containsKey(v)) {
                        throw new IllegalStateException("no upcaster for " + entry.name() + " v" + v + " → v" + (v + 1));
                    }
                }
            }
            return new TypeRegistry<>(this);
        }
    }
}
