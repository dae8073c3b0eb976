package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.orchestrator.hub.transport.internal.TransportCorrection;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.json.JSONObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsAndOriginTest {

    @Nested
    class Tls {

        @Test
        void aHubWithAPemCertificateServesWssAndHttps(@TempDir Path dir) throws Exception {
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            selfSignedCertificateFor127001(cert, key);
            HubTransportOptions options = HubTransportOptions.newBuilder()
                    .host("127.0.0.1").port(0).tls(TlsOptions.pem(cert, key)).build();
            OkHttpClient trusting = new OkHttpClient.Builder()
                    .sslSocketFactory(sslTrusting(cert).getSocketFactory(), trustManager(cert)).build();

            try (HubTransport hub = HubTransport.create(options, Authenticator.allowAll())) {
                hub.on("echo", Map.class, (client, payload, ack) -> ack.ok(payload));
                hub.start();
                String url = "https://127.0.0.1:" + hub.port();

                for (JavaClient.Transport transport : JavaClient.Transport.values()) {
                    try (JavaClient client = JavaClient.to(url, transport, null, trusting).connect()) {
                        JSONObject answer = client.request("echo", JavaClient.json("text", "Grüße 🚀"))
                                .get(10, TimeUnit.SECONDS);

                        assertThat(answer.getString("text")).as("over %s", transport).isEqualTo("Grüße 🚀");
                    }
                }
            }
        }

        private void selfSignedCertificateFor127001(Path cert, Path key) throws Exception {
            Process openssl;
            try {
                openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key.toString(), "-out", cert.toString(), "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
                        .redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                Assumptions.abort("openssl is not installed, so no certificate can be made for the TLS test");
                return;
            }
            String output = new String(openssl.getInputStream().readAllBytes());
            assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(openssl.exitValue()).as(output).isZero();
        }

        @Test
        void withoutTheCorrectionNotEvenTheConnectPacketGetsThrough(@TempDir Path dir) throws Exception {
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            selfSignedCertificateFor127001(cert, key);
            HubTransportOptions options = HubTransportOptions.newBuilder()
                    .host("127.0.0.1").port(0).tls(TlsOptions.pem(cert, key)).build();
            EnumSet<TransportCorrection> others = EnumSet.allOf(TransportCorrection.class);
            others.remove(TransportCorrection.DIRECT_PACKET_DELIVERY);
            HttpClient https = HttpClient.newBuilder().sslContext(sslTrusting(cert)).build();

            try (HubTransport hub = HubTransport.create(options, Authenticator.allowAll(), others).start()) {
                String base = "https://127.0.0.1:" + hub.port() + "/socket.io/?EIO=4&transport=polling";
                String open = https.send(HttpRequest.newBuilder(URI.create(base)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\"sid\":\"") + 43);
                String session = base + "&sid=" + sid;
                https.send(HttpRequest.newBuilder(URI.create(session))
                        .POST(HttpRequest.BodyPublishers.ofString("40/cluster,")).build(),
                        HttpResponse.BodyHandlers.ofString());

                CompletableFuture<String> connectAck = https.sendAsync(HttpRequest.newBuilder(URI.create(session))
                        .build(), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);

                assertThat(connectAck.completeOnTimeout("no answer", 3, TimeUnit.SECONDS).get())
                        .isEqualTo("no answer");
            }
        }

        private SSLContext sslTrusting(Path cert) throws Exception {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new javax.net.ssl.TrustManager[] {trustManager(cert)}, null);
            return tls;
        }

        private X509TrustManager trustManager(Path cert) throws Exception {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(cert)) {
                trusted.setCertificateEntry("hub", (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            return (X509TrustManager) trust.getTrustManagers()[0];
        }
    }

    @Nested
    class Origins {
        static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";

        @Test
        void browsersFromOtherOriginsAreRefusedAtTheHandshake() throws Exception {
            HubTransportOptions options = HubTransportOptions.newBuilder().host("127.0.0.1").port(0)
                    .allowedOrigins(List.of("https://dash.example.com")).build();
            try (HubTransport hub = HubTransport.create(options, Authenticator.allowAll()).start()) {
                RawHttp.Response foreign = RawHttp.get(hub.port(), HANDSHAKE, "Origin: https://evil.example.com");
                RawHttp.Response allowed = RawHttp.get(hub.port(), HANDSHAKE, "Origin: https://dash.example.com");
                RawHttp.Response noBrowser = RawHttp.get(hub.port(), HANDSHAKE);

                assertThat(foreign.status()).isEqualTo(401);
                assertThat(allowed.status()).isEqualTo(200);
                assertThat(allowed.header("access-control-allow-origin")).isEqualTo("https://dash.example.com");
                assertThat(noBrowser.status()).isEqualTo(200);
            }
        }
    }
}
