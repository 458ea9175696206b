package io.inferyx.launcher.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate for 127.0.0.1 made at test time, as PEM files
 * in a directory of their own, so that no key or certificate is ever committed. Made with the
 * JDK's own {@code keytool} (no openssl needed): it writes the certificates as PEM, and the
 * server's private key is read back from its PKCS#12 store and written as PKCS#8 PEM, the form
 * redis-server loads. Valid for two days; nothing but this test trusts the CA.
 */
final class ThrowawayPki {

    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    private final Path dir;
    private final String storePassword = UUID.randomUUID().toString();

    private ThrowawayPki(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA and the server certificate (subject alternative names 127.0.0.1 and localhost) in {@code dir}. */
    static ThrowawayPki create(Path dir) {
        ThrowawayPki pki = new ThrowawayPki(dir);
        pki.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Inferyx throwaway test CA", "-ext", "bc:c", "-validity", "2",
                "-keystore", pki.store("ca"), "-storetype", "PKCS12");
        pki.keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", pki.store("ca"),
                "-file", pki.caCertificate().toString());
        pki.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-validity", "2", "-keystore", pki.store("server"), "-storetype", "PKCS12");
        Path request = dir.resolve("server.csr");
        pki.keytool("-certreq", "-alias", "server", "-keystore", pki.store("server"), "-file", request.toString());
        // the client verifies the host name, so the certificate must name the address it dials
        pki.keytool("-gencert", "-alias", "ca", "-keystore", pki.store("ca"), "-infile", request.toString(),
                "-outfile", pki.serverCertificate().toString(), "-rfc", "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
        pki.writeServerKey();
        return pki;
    }

    /** The CA certificate (PEM): what a client must trust. */
    Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** The server certificate (PEM), signed by the CA. */
    Path serverCertificate() {
        return dir.resolve("server.pem");
    }

    /** The server's private key (PKCS#8 PEM). */
    Path serverKey() {
        return dir.resolve("server.key");
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void writeServerKey() {
        try (InputStream in = Files.newInputStream(Path.of(store("server")))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, storePassword.toCharArray());
            Key key = store.getKey("server", storePassword.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(serverKey(), pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the server key back from " + store("server"), e);
        }
    }

    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(KEYTOOL.toString()));
        command.addAll(List.of(arguments));
        // a PKCS#12 key has the password of its store
        command.addAll(List.of("-storepass", storePassword, "-noprompt"));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + KEYTOOL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
