package io.inferyx.launcher.faults;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test's own on a free loopback port, without persistence: for a scenario
 * that must not share its Redis, because it measures Redis itself (its memory) or configures it
 * in a way the shared one is not (TLS only, a password). Killed when closed or when the JVM exits.
 */
final class OwnRedis implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port = FreePorts.next();
    private final Path dir;
    private final Path log;
    private final String password;
    private final Path trustedCa;
    private final Process process;
    private final Thread cleanup;

    private OwnRedis(ThrowawayPki pki, String password, Path log) {
        this.password = password;
        this.trustedCa = pki == null ? null : pki.caCertificate();
        this.log = log;
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no"));
        if (pki == null) {
            command.addAll(List.of("--port", Integer.toString(port)));
        } else {
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", pki.serverCertificate().toString(), "--tls-key-file", pki.serverKey().toString(),
                    "--tls-ca-cert-file", pki.caCertificate().toString(), "--tls-auth-clients", "no"));
        }
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            this.dir = Files.createTempDirectory("inferyx-own-redis-");
            command.addAll(List.of("--dir", dir.toString()));
            this.process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + BINARY, e);
        }
        this.cleanup = new Thread(process::destroyForcibly, "own-redis-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Whether a redis-server is there to run. */
    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** A plain-text Redis, up and answering. */
    static OwnRedis plain(Path log) {
        return new OwnRedis(null, null, log).awaitPong();
    }

    /**
     * A Redis that speaks TLS only ({@code --port 0} closes the plain-text listener) with the
     * certificate and key of {@code pki}, asks clients for no certificate of their own but for
     * {@code password}; up and answering.
     */
    static OwnRedis tlsOnly(ThrowawayPki pki, String password, Path log) {
        return new OwnRedis(pki, password, log).awaitPong();
    }

    /** The URL a service is given: {@code rediss://} with the password for the TLS one. */
    String url() {
        String credentials = password == null ? "" : ":" + password + "@";
        return (tls() ? "rediss://" : "redis://") + credentials + "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    boolean tls() {
        return trustedCa != null;
    }

    /** A client of this test, trusting the throwaway CA when the server speaks TLS; the caller shuts it down. */
    RedisClient client() {
        RedisURI uri = RedisURI.create(url());
        uri.setTimeout(Duration.ofSeconds(5));
        RedisClient client = RedisClient.create(uri);
        if (tls()) {
            client.setOptions(ClientOptions.builder()
                    .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(trustedCa.toFile()).build()).build());
        }
        return client;
    }

    private OwnRedis awaitPong() {
        RedisClient client = client();
        try {
            await("redis-server on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .failFast("redis-server exited; see " + log, () -> !process.isAlive())
                    .ignoreExceptions().until(() -> {
                        try (StatefulRedisConnection<String, String> connection = client.connect()) {
                            return "PONG".equals(connection.sync().ping());
                        }
                    });
            return this;
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        ScratchCleanup.tidy(cleanup, dir);
    }
}
