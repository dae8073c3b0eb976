package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EncodingFunctionsTest {
    private final Builtins builtins = new Builtins();

    @Nested
    class HashText {
        @Test
        void sha256IsTheDefault() {
            assertThat(builtins.call("hash_text", "{\"text\": \"hello\"}").asText())
                    .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        }

        @Test
        void everyAlgorithmGivesItsHexDigest() {
            assertThat(builtins.call("hash_text", "{\"text\": \"hello\", \"algorithm\": \"md5\"}").asText())
                    .isEqualTo("5d41402abc4b2a76b9719d911017c592");
            assertThat(builtins.call("hash_text", "{\"text\": \"hello\", \"algorithm\": \"sha1\"}").asText())
                    .isEqualTo("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
            assertThat(builtins.call("hash_text", "{\"text\": \"hello\", \"algorithm\": \"sha512\"}").asText())
                    .isEqualTo("9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7"
                            + "2323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043");
        }

        @Test
        void anUnknownAlgorithmIsRefused() {
            assertThat(builtins.failure("hash_text", "{\"text\": \"x\", \"algorithm\": \"crc32\"}"))
                    .hasMessage("unsupported algorithm 'crc32'; use md5, sha1, sha256 or sha512");
        }
    }

    @Nested
    class Base64 {
        @Test
        void encodesUtf8Text() {
            assertThat(builtins.call("encode_base64", "{\"text\": \"Grüße 🚀\"}").asText())
                    .isEqualTo("R3LDvMOfZSDwn5qA");
        }

        @Test
        void decodesWithEitherArgumentName() {
            assertThat(builtins.call("decode_base64", "{\"encoded_text\": \"R3LDvMOfZSDwn5qA\"}").asText())
                    .isEqualTo("Grüße 🚀");
            assertThat(builtins.call("decode_base64", "{\"encoded\": \"aGVs\\nbG8=\"}").asText()).isEqualTo("hello");
        }

        @Test
        void invalidBase64IsRefused() {
            assertThat(builtins.failure("decode_base64", "{\"encoded_text\": \"not base64!\"}"))
                    .hasMessageStartingWith("invalid base64 encoding");
        }

        @Test
        void bytesThatAreNotUtf8AreRefused() {
            assertThat(builtins.failure("decode_base64", "{\"encoded_text\": \"//79\"}"))
                    .hasMessage("the decoded bytes are not UTF-8 text");
        }
    }
}
