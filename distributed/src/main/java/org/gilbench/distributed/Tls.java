package org.gilbench.distributed;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.util.Date;

/**
 * The master's transport security: the user's PEM certificate and key, a self-signed pair made for the
 * run, or none (loopback only — {@link Distributed} refuses plaintext anywhere else).
 *
 * @param credentials what the gRPC server listens with
 * @param caFile the certificate a worker must trust ({@code --tls-ca}); null without TLS
 * @param authority the name in the certificate a worker checks; null without TLS or for the user's own
 *     certificate (then the host the worker dials must be in it)
 * @param cleanup deletes files made for the run (a generated private key must not outlive it)
 */
record Tls(ServerCredentials credentials, Path caFile, String authority, Runnable cleanup) {

    /** How long a generated certificate is valid: a run, with a day's margin for clocks and long runs. */
    private static final long SELF_SIGNED_DAYS = 2;

    static Tls plaintext() {
        return new Tls(InsecureServerCredentials.create(), null, null, () -> { });
    }

    boolean enabled() {
        return caFile != null;
    }

    /**
     * The user's pair.
     *
     * @throws IllegalArgumentException naming the file that is missing or not PEM
     */
    static Tls files(Path cert, Path key) {
        for (Path p : new Path[] {cert, key}) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("bad value for option " + (p == cert ? "cert" : "key") + ": '" + p
                        + "' is not a readable file (PEM expected)");
            }
        }
        try {
            // TlsServerCredentials only reads the bytes; building netty's context parses them, so a wrong
            // file is reported here, naming the option, rather than as a failure to listen.
            io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forServer(cert.toFile(), key.toFile()).build();
            return new Tls(TlsServerCredentials.create(cert.toFile(), key.toFile()), cert, null, () -> { });
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("options cert/key: cannot use " + cert + " and " + key + " as a PEM"
                    + " certificate chain and private key: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh self-signed pair for {@code name}, made by netty (through the JDK's keytool, no BouncyCastle
     * needed); the certificate is copied to {@code dir/master-ca.pem} for the workers, the key stays in a
     * file only this user can read and is deleted by {@link #cleanup}.
     */
    @SuppressWarnings("deprecation") // netty 4.2 deprecates it for production servers; a run's own pair is its use
    static Tls selfSigned(String name, Path dir) {
        io.grpc.netty.shaded.io.netty.handler.ssl.util.SelfSignedCertificate pair;
        try {
            long now = System.currentTimeMillis();
            pair = io.grpc.netty.shaded.io.netty.handler.ssl.util.SelfSignedCertificate.builder()
                    .fqdn(name)
                    .notBefore(new Date(now - 3_600_000L))
                    .notAfter(new Date(now + SELF_SIGNED_DAYS * 86_400_000L))
                    .build();
        } catch (CertificateException e) {
            throw new IllegalStateException(Distributed.NAME + ": cannot generate a self-signed certificate for '" + name
                    + "': " + e.getMessage() + " (give your own with options cert=FILE,key=FILE)", e);
        }
        // Netty writes the pair to java.io.tmpdir: both move into the run's private folder at once.
        Path ca = dir.resolve("master-ca.pem");
        Path key = dir.resolve("master-key.pem");
        try {
            Files.copy(pair.certificate().toPath(), ca, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(pair.privateKey().toPath(), key, StandardCopyOption.REPLACE_EXISTING);
            return new Tls(TlsServerCredentials.create(ca.toFile(), key.toFile()), ca, name, () -> {
                try {
                    Files.deleteIfExists(key);
                    Files.deleteIfExists(ca);
                } catch (IOException e) {
                    Net.log("could not delete " + key + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(Distributed.NAME + ": cannot use the self-signed certificate: " + e.getMessage(), e);
        } finally {
            pair.delete();
        }
    }
}
