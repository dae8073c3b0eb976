package io.gleitzeit.services.functions.builtin;

import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** Hashes and Base64 of UTF-8 text. */
public final class EncodingFunctions {
    private static final Map<String, String> DIGESTS = Map.of(
            "md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");

    @GleitzeitTask(name = "hash_text", category = "utility",
            description = "Hex digest of the UTF-8 text: md5, sha1, sha256 (default) or sha512")
    public static String hashText(String text, @Param(defaultValue = "\"sha256\"") String algorithm) {
        if (text == null) {
            throw new IllegalArgumentException("text is required");
        }
        String name = DIGESTS.get(algorithm == null ? "" : algorithm.toLowerCase(Locale.ROOT));
        if (name == null) {
            throw new IllegalArgumentException("unsupported algorithm '" + algorithm
                    + "'; use md5, sha1, sha256 or sha512");
        }
        try {
            byte[] digest = MessageDigest.getInstance(name).digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is missing from this JVM", e);
        }
    }

    @GleitzeitTask(name = "encode_base64", category = "utility", description = "Base64 of the UTF-8 text")
    public static String encodeBase64(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text is required");
        }
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @GleitzeitTask(name = "decode_base64", category = "utility",
            description = "The UTF-8 text encoded in standard Base64 (whitespace ignored)")
    public static String decodeBase64(@Param(value = "encoded_text", aliases = "encoded") String encodedText) {
        if (encodedText == null) {
            throw new IllegalArgumentException("encoded_text is required");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encodedText.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64 encoding: " + e.getMessage(), e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the decoded bytes are not UTF-8 text", e);
        }
    }
}
