package io.gleitzeit.services.functions;

import java.time.Duration;
import java.util.List;

/**
 * What a registered function is, for listings.
 *
 * @param name        the canonical name
 * @param aliases     other names it answers to
 * @param category    its group
 * @param description what it does
 * @param parameters  its arguments in positional order
 * @param timeout     its own time limit, or {@code null}
 */
public record FunctionDescriptor(
        String name, List<String> aliases, String category, String description, List<FunctionParameter> parameters,
        Duration timeout) {
    public FunctionDescriptor {
        aliases = List.copyOf(aliases);
        parameters = List.copyOf(parameters);
    }
}
