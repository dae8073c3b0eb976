package io.gleitzeit.projections;

import java.util.Objects;

/**
 * The Redis keys of one read model. Every key carries the hash tag {@code {proj:<model>}}, so the flush and swap
 * scripts touch a single slot (Redis Cluster ready):
 *
 * <pre>
 * &lt;prefix&gt;{proj:&lt;model&gt;}:current            the generation readers use (a number)
 * &lt;prefix&gt;{proj:&lt;model&gt;}:generations        the counter new generations are numbered from
 * &lt;prefix&gt;{proj:&lt;model&gt;}:lease              who applies the model now (SET NX PX, renewed)
 * &lt;prefix&gt;{proj:&lt;model&gt;}:g&lt;N&gt;:positions      HASH stream → id of the last entry applied to generation N
 * &lt;prefix&gt;{proj:&lt;model&gt;}:g&lt;N&gt;:&lt;name&gt;         the model's own keys in generation N
 * </pre>
 *
 * @param prefix the deployment's key prefix (the event log's, e.g. {@code gz:})
 * @param model  the model's name, e.g. {@code registry}
 */
public record ModelKeys(String prefix, String model) {
    public ModelKeys {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(model, "model");
        if (!model.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("model name must be lower-case letters, digits and '-', was '"
                    + model + "'");
        }
    }

    /** {@code <prefix>{proj:<model>}}: the start of every key of the model. */
    public String scope() {
        return prefix + "{proj:" + model + "}";
    }

    /** The pointer to the generation readers use. */
    public String current() {
        return scope() + ":current";
    }

    /** The counter generations are numbered from. */
    public String generations() {
        return scope() + ":generations";
    }

    /** The lease naming the one process that applies the model. */
    public String lease() {
        return scope() + ":lease";
    }

    /** The last entry applied per stream, for {@code generation}. */
    public String positions(long generation) {
        return key(generation, "positions");
    }

    /** One of the model's own keys in {@code generation}. */
    public String key(long generation, String name) {
        if (generation < 1) {
            throw new IllegalArgumentException("generations are numbered from 1, was " + generation);
        }
        return scope() + ":g" + generation + ":" + name;
    }

    /** The consumer group the model's projector reads with: {@code proj-<model>}. */
    public String group() {
        return "proj-" + model;
    }
}
