package io.gleitzeit.orchestrator.hub.transport;

import java.util.Objects;

/** The outcome of {@link Authenticator#authenticate(Credentials)}: a principal, or a reason to refuse. */
public sealed interface Authentication permits Authentication.Granted, Authentication.Rejected {

    static Authentication granted(Principal principal) {
        return new Granted(principal);
    }

    static Authentication rejected(String reason) {
        return new Rejected(reason);
    }

    /** The credentials prove {@code principal}. */
    record Granted(Principal principal) implements Authentication {
        public Granted {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** The credentials prove nothing; {@code reason} is shown to the client, so it must not leak secrets. */
    record Rejected(String reason) implements Authentication {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
