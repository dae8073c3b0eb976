package io.gleitzeit.orchestrator.http;

import io.gleitzeit.orchestrator.hub.transport.TlsOptions;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The JDK {@link SSLContext} of PEM files, read the way the hub reads them (Netty's PEM reader, so the same
 * certificate chain and PKCS#8 key serve both): the JDK's own HTTPS server takes only a key store otherwise.
 */
final class PemTls {
    private PemTls() {
    }

    static SSLContext context(TlsOptions tls) {
        try {
            SslContext netty = SslContextBuilder.forServer(tls.certificateChain().toFile(),
                    tls.privateKey().toFile(), tls.keyPassword().orElse(null)).sslProvider(SslProvider.JDK).build();
            return ((JdkSslContext) netty).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tls: cannot use " + tls.certificateChain() + " and "
                    + tls.privateKey() + ": " + e.getMessage(), e);
        }
    }
}
