package io.gleitzeit.orchestrator.hub.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the hub: a PEM certificate chain and its PEM (PKCS#8) private key, optionally encrypted with a password.
 * The hub then serves {@code https://} and {@code wss://} only.
 */
public final class TlsOptions {
    private final Path certificateChain;
    private final Path privateKey;
    private final String keyPassword;

    private TlsOptions(Path certificateChain, Path privateKey, String keyPassword) {
        this.certificateChain = requireReadable(certificateChain, "tls.certificate_chain");
        this.privateKey = requireReadable(privateKey, "tls.private_key");
        this.keyPassword = keyPassword;
    }

    /** TLS from an unencrypted PKCS#8 private key and its certificate chain, both PEM files. */
    public static TlsOptions pem(Path certificateChain, Path privateKey) {
        return new TlsOptions(certificateChain, privateKey, null);
    }

    /** The same files, with the private key encrypted under {@code password}. */
    public TlsOptions withKeyPassword(String password) {
        return new TlsOptions(certificateChain, privateKey, Objects.requireNonNull(password, "tls.key_password"));
    }

    public Path certificateChain() {
        return certificateChain;
    }

    public Path privateKey() {
        return privateKey;
    }

    public Optional<String> keyPassword() {
        return Optional.ofNullable(keyPassword);
    }

    private static Path requireReadable(Path file, String field) {
        if (file == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(field + " must be a readable file, was " + file);
        }
        return file;
    }

    @Override
    public String toString() {
        return "TlsOptions[certificateChain=" + certificateChain + ", privateKey=" + privateKey + "]";
    }
}
