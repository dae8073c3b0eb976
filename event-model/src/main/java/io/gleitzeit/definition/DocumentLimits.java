package io.gleitzeit.definition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the {@link WorkflowDocumentParser} accepts: size limits that bound the work one submission can cause, and the
 * custom provider names configured besides the built-in ones. Immutable; make one with {@link #newBuilder()}.
 */
public final class DocumentLimits {
    /** 4 MiB of JSON, counted on the raw UTF-8 bytes. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_TASKS = 10_000;
    /** Objects and arrays inside each other; the document object itself is depth 1. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 64;
    /** Characters (code points) in a workflow or task name. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 200;
    /** The providers every deployment knows, in the order error messages list them. */
    public static final List<String> BUILT_IN_PROVIDERS = List.of("internal", "openai", "anthropic", "gemini");

    /** A document with one task is this deep: document, tasks array, task object. */
    private static final int MIN_NESTING_DEPTH = 3;

    private static final DocumentLimits DEFAULTS = newBuilder().build();

    private final int maxDocumentBytes;
    private final int maxTasks;
    private final int maxNestingDepth;
    private final int maxNameLength;
    private final Set<String> customProviders;

    private DocumentLimits(Builder b) {
        this.maxDocumentBytes = b.maxDocumentBytes;
        this.maxTasks = b.maxTasks;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxNameLength = b.maxNameLength;
        this.customProviders = Set.copyOf(b.customProviders);
    }

    /** The limits with every default and no custom provider. */
    public static DocumentLimits defaults() {
        return DEFAULTS;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxDocumentBytes = maxDocumentBytes;
        b.maxTasks = maxTasks;
        b.maxNestingDepth = maxNestingDepth;
        b.maxNameLength = maxNameLength;
        b.customProviders.addAll(customProviders);
        return b;
    }

    public int maxDocumentBytes() {
        return maxDocumentBytes;
    }

    public int maxTasks() {
        return maxTasks;
    }

    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    public int maxNameLength() {
        return maxNameLength;
    }

    /** The configured custom provider names (endpoints of the deployment), without the built-in ones. */
    public Set<String> customProviders() {
        return customProviders;
    }

    /** Whether a task may name this provider. */
    public boolean allowsProvider(String provider) {
        return BUILT_IN_PROVIDERS.contains(provider) || customProviders.contains(provider);
    }

    /** Every provider a task may name: the built-in ones, then the custom ones in alphabetical order. */
    public List<String> allowedProviders() {
        List<String> all = new ArrayList<>(BUILT_IN_PROVIDERS);
        new TreeSet<>(customProviders).stream().filter(p -> !BUILT_IN_PROVIDERS.contains(p)).forEach(all::add);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "DocumentLimits{maxDocumentBytes=" + maxDocumentBytes + ", maxTasks=" + maxTasks
                + ", maxNestingDepth=" + maxNestingDepth + ", maxNameLength=" + maxNameLength
                + ", customProviders=" + new TreeSet<>(customProviders) + "}";
    }

    /** Builds {@link DocumentLimits}; every setting starts at its {@code DEFAULT_*}. */
    public static final class Builder {
        private int maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
        private int maxTasks = DEFAULT_MAX_TASKS;
        private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;
        private int maxNameLength = DEFAULT_MAX_NAME_LENGTH;
        private final Set<String> customProviders = new TreeSet<>();

        private Builder() {
        }

        public Builder maxDocumentBytes(int bytes) {
            this.maxDocumentBytes = bytes;
            return this;
        }

        public Builder maxTasks(int tasks) {
            this.maxTasks = tasks;
            return this;
        }

        public Builder maxNestingDepth(int depth) {
            this.maxNestingDepth = depth;
            return this;
        }

        public Builder maxNameLength(int characters) {
            this.maxNameLength = characters;
            return this;
        }

        /** Replaces the custom provider names. */
        public Builder customProviders(Collection<String> names) {
            Objects.requireNonNull(names, "names");
            customProviders.clear();
            names.forEach(this::addCustomProvider);
            return this;
        }

        /** Adds one custom provider name (a configured endpoint). */
        public Builder addCustomProvider(String name) {
            Objects.requireNonNull(name, "custom provider name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a custom provider name must not be blank");
            }
            customProviders.add(name);
            return this;
        }

        /** The limits; throws {@link IllegalArgumentException} naming the first setting out of range. */
        public DocumentLimits build() {
            requireAtLeast("maxDocumentBytes", maxDocumentBytes, 1);
            requireAtLeast("maxTasks", maxTasks, 1);
            requireAtLeast("maxNestingDepth", maxNestingDepth, MIN_NESTING_DEPTH);
            requireAtLeast("maxNameLength", maxNameLength, 1);
            return new DocumentLimits(this);
        }

        private static void requireAtLeast(String setting, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(setting + " must be at least " + min + ", was " + value);
            }
        }
    }
}
