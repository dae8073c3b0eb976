package io.gleitzeit.services.llm.ollama;

import java.util.Collection;

/**
 * Ollama names models {@code name:tag} and treats a bare name as {@code name:latest}; tasks usually say
 * {@code llama3} where {@code /api/tags} lists {@code llama3:latest}.
 */
final class ModelNames {
    private ModelNames() {
    }

    static boolean same(String requested, String listed) {
        return normal(requested).equals(normal(listed));
    }

    static boolean contains(Collection<String> listed, String requested) {
        return listed.stream().anyMatch(l -> same(requested, l));
    }

    private static String normal(String model) {
        return model.contains(":") ? model : model + ":latest";
    }
}
