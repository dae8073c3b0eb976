package io.gleitzeit.orchestrator.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How tokens are made and stored. A token is 256 bits from {@link SecureRandom} (base64url, prefix {@code gzt_});
 * the store keeps its SHA-256.
 *
 * <p>Why no slow hash (bcrypt, scrypt, Argon2): slow hashes protect <em>guessable</em> secrets (passwords) against
 * an attacker who stole the hashes and tries candidates offline. A 256-bit random token cannot be guessed: even at
 * 10<sup>12</sup> SHA-256 per second, finding a preimage takes ~10<sup>57</sup> years. A fast hash is as safe here and
 * lets the hub check a token on its I/O thread in microseconds.
 */
public final class TokenHash {
    /** Every token starts with this, so that secret scanners and people recognise one. */
    public static final String PREFIX = "gzt_";
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {
    }

    /** A new random token. */
    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new random public id for a token (64 bits, hex). */
    public static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Hex SHA-256 of {@code token}. */
    public static String hash(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
