package io.inferyx.launcher.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test's own (never the shared one), on a free loopback port, persisting
 * every write to its append-only file before it answers ({@code appendfsync always}), so that it
 * can be crashed and started again on the same port and directory without losing an acknowledged
 * write.
 */
final class AofRedis implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port = FreePorts.next();
    private final Path dir;
    private final Path log;
    private Process process;
    private final Thread cleanup = new Thread(this::destroy, "aof-redis-cleanup");

    private AofRedis(Path dir, Path log) {
        this.dir = dir;
        this.log = log;
    }

    /** Whether a redis-server is there to run. */
    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static AofRedis start(Path log) {
        try {
            AofRedis redis = new AofRedis(Files.createTempDirectory("inferyx-aof-"), log);
            Runtime.getRuntime().addShutdownHook(redis.cleanup);
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts redis-server on the port and directory (loading its append-only file) and waits for PONG. */
    synchronized void launch() {
        List<String> command = List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--protected-mode", "yes");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + BINARY, e);
        }
        await("redis-server on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(this::answersPing);
    }

    /** kill -9: the server dies between two commands, with whatever its append-only file holds. */
    synchronized Instant crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        return Instant.now();
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** PONG once the server accepts commands (while it loads its append-only file it answers -LOADING). */
    private boolean answersPing() {
        if (!process.isAlive()) {
            throw new AssertionError("redis-server exited with " + process.exitValue() + "; see " + log);
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[5];
            return socket.getInputStream().readNBytes(reply, 0, 5) == 5
                    && "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void destroy() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        destroy();
        if (process != null) {
            process.waitFor();
        }
        ScratchCleanup.tidy(cleanup, dir);
    }
}
