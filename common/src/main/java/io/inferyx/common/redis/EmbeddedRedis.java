package io.inferyx.common.redis;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A real redis-server started on a free loopback port, for the one-command local run and for
 * tests when no Redis URL is given. Uses the {@code redis-server} on the PATH when there is one,
 * else the binary bundled in {@code com.github.codemonstur:embedded-redis}. The server is
 * stopped on {@link #close()} and at JVM exit.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedRedis start() {
        return start(new String[0]);
    }

    /** Starts one with extra {@code redis.conf} lines, such as {@code requirepass ...}. */
    public static EmbeddedRedis start(String... settings) {
        try {
            int port = freePort();
            RedisServerBuilder builder = RedisServer.newRedisServer()
                    .executableProvider(executable())
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .onShutdownForceStop(true);
            for (String setting : settings) {
                builder.setting(setting);
            }
            RedisServer server = builder.build();
            server.start();
            EmbeddedRedis redis = new EmbeddedRedis(server, port);
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "embedded-redis-stop"));
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server", e);
        }
    }

    private static ExecutableProvider executable() {
        try {
            return ExecutableProvider.newExecutableInPath("redis-server");
        } catch (FileNotFoundException e) {
            return ExecutableProvider.newJarResourceProvider();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            if (server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
