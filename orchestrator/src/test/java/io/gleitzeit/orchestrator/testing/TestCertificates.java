package io.gleitzeit.orchestrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.orchestrator.hub.transport.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/** A self-signed certificate for 127.0.0.1 made with {@code openssl}, and a TLS context that trusts only it. */
public record TestCertificates(Path certificate, Path privateKey) {

    /** Makes one in {@code dir}; skips the test when {@code openssl} is not installed. */
    public static TestCertificates selfSignedFor127001(Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key.toString(), "-out", cert.toString(), "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("openssl is not installed, so no certificate can be made for the TLS test");
            throw e;
        }
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(output).isZero();
        return new TestCertificates(cert, key);
    }

    public TlsOptions tls() {
        return TlsOptions.pem(certificate, privateKey);
    }

    /** A client context whose only trusted certificate is this one (a test trust store). */
    public SSLContext trustingOnlyThis() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("test", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Trust nothing but the JDK's defaults: this certificate is refused. */
    public static SSLContext defaultTrust() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, (TrustManager[]) null, null);
        return context;
    }
}
