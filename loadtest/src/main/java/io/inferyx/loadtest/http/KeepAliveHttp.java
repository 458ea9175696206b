package io.inferyx.loadtest.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's HTTP/1.1 client: plain {@code http}, keep-alive connections pooled for
 * reuse, one blocking exchange per (virtual) thread, every request carrying the bearer key.
 *
 * <p>Why not the JDK {@code HttpClient}: the generator shares the machine with the system under
 * test, and that client's selector thread and per-request futures cost about as much CPU per
 * request as the API's whole request handling. A blocking exchange on a reused socket costs a
 * small fraction of that, so more of the cores measure Inferyx rather than the generator.
 *
 * <p>At most {@code maxConnections} exchanges run at once; the rest wait, first come first
 * served, for a connection to come free. Without a bound, a stall of the server makes an open
 * loop open a connection per late request, past the server's own limit, and those wait in its
 * accept queue until some idle keep-alive connection times out, seconds later.
 */
public final class KeepAliveHttp implements AutoCloseable {

    /** A pooled connection idle longer than this may have been closed by the server: not reused. */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(2);

    private final String host;
    private final int port;
    private final String authorization;
    private final int maxConnections;
    private final Semaphore exchanges;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public KeepAliveHttp(URI base, String bearerKey, int maxConnections) {
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("only http:// URLs: " + base);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.exchanges = new Semaphore(maxConnections, true);
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.authorization = "Bearer " + bearerKey;
    }

    /** {@code GET target}, where target is a path with its query, e.g. {@code /result/x?wait=2s}. */
    public Answer get(String target, Duration timeout) throws IOException {
        return exchange(head("GET", target, 0).getBytes(StandardCharsets.US_ASCII), timeout);
    }

    /** {@code POST target} with a JSON body. */
    public Answer postJson(String target, String json, Duration timeout) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = (head("POST", target, body.length) + "Content-Type: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return exchange(request, timeout);
    }

    private String head(String method, String target, int length) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: "
                + authorization + "\r\nContent-Length: " + length + "\r\n";
        return method.equals("GET") ? head + "\r\n" : head;
    }

    /**
     * One exchange on a pooled or new connection, once fewer than {@code maxConnections} are busy;
     * the time spent waiting for that comes out of {@code timeout}.
     */
    private Answer exchange(byte[] request, Duration timeout) throws IOException {
        Duration left = acquire(timeout);
        try {
            return exchangeOnConnection(request, left);
        } finally {
            exchanges.release();
        }
    }

    /** Takes a permit within {@code timeout}; answers what is left of it (at least 1 ms). */
    private Duration acquire(Duration timeout) throws IOException {
        long start = System.nanoTime();
        try {
            if (!exchanges.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("no connection came free within " + timeout.toMillis() + " ms (all "
                        + maxConnections + " busy; --max-connections)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a connection");
        }
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
    }

    private Answer exchangeOnConnection(byte[] request, Duration timeout) throws IOException {
        Connection connection = borrow(timeout);
        boolean reusable = false;
        try {
            Connection.Response response = connection.exchange(request, timeout);
            reusable = response.keepAlive();
            return response.answer();
        } finally {
            giveBack(connection, reusable);
        }
    }

    private Connection borrow(Duration timeout) throws IOException {
        for (Connection pooled = idle.pollFirst(); pooled != null; pooled = idle.pollFirst()) {
            if (pooled.idleFor().compareTo(IDLE_LIMIT) < 0) {
                return pooled;
            }
            pooled.close();
        }
        return Connection.open(host, port, timeout);
    }

    private void giveBack(Connection connection, boolean reusable) {
        if (reusable && !closed) {
            connection.markIdle();
            idle.offerFirst(connection);
        } else {
            connection.close();
        }
        if (closed) {
            closeIdle();
        }
    }

    /** Pooled connections waiting for their next request; for tests. */
    int idleConnections() {
        return idle.size();
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (Connection pooled = idle.pollFirst(); pooled != null; pooled = idle.pollFirst()) {
            pooled.close();
        }
    }

    /** A response: its status code and its body as text. */
    public record Answer(int status, String body) {
    }
}
