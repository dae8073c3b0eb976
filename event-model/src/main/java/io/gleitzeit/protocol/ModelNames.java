package io.gleitzeit.protocol;

import java.util.Collection;
import java.util.Objects;

/**
 * Model names as services announce them and tasks ask for them. Ollama names models {@code name:tag} and treats a
 * bare name as {@code name:latest}; tasks usually say {@code llama3} where {@code /api/tags} lists
 * {@code llama3:latest}. Both the hub (routing) and the services (choosing an endpoint) compare names this way.
 */
public final class ModelNames {
    private static final String LATEST = ":latest";

    private ModelNames() {
    }

    /** Whether the two names denote the same model: {@code llama3} ≡ {@code llama3:latest}. */
    public static boolean same(String requested, String listed) {
        return normal(requested).equals(normal(listed));
    }

    /** Whether {@code listed} names the {@code requested} model. */
    public static boolean contains(Collection<String> listed, String requested) {
        Objects.requireNonNull(requested, "requested");
        return listed.stream().anyMatch(l -> same(requested, l));
    }

    private static String normal(String model) {
        Objects.requireNonNull(model, "model");
        return model.contains(":") ? model : model + LATEST;
    }
}
