package io.inferyx.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of the test Redis, so a test can take Redis away from the
 * application ({@link #cut()}) and give it back ({@link #restore()}), or let Redis run commands
 * whose replies never arrive ({@link #loseReplies()}) until their connection drops
 * ({@link #dropConnections()}), without touching the Redis server other tests share.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Set<Socket> silenced = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private int port;

    public TcpProxy(URI target) {
        this.targetHost = target.getHost();
        this.targetPort = target.getPort() < 0 ? 6379 : target.getPort();
        listen(0);
    }

    /** The proxy's Redis URL. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Closes the listening socket and every proxied connection: Redis is gone. */
    public void cut() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dropConnections();
    }

    /** Closes every proxied connection but goes on listening: clients reconnect at once. */
    public void dropConnections() {
        // each socket leaves the set as it is closed: one accepted meanwhile stays, open and tracked
        for (Socket socket : sockets) {
            sockets.remove(socket);
            clients.remove(socket);
            silenced.remove(socket);
            closeQuietly(socket);
        }
    }

    /**
     * On every connection open now, Redis still receives and runs each command, but its replies
     * are dropped on the way back, until the connection is dropped: the client never learns that
     * those commands took effect. Connections made later are not affected.
     */
    public void loseReplies() {
        silenced.addAll(clients);
    }

    /** Listens again on the same port: Redis is back. */
    public void restore() {
        listen(port);
    }

    private void listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = socket;
            port = socket.getLocalPort();
            Thread.ofVirtual().name("proxy-accept").start(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                clients.add(client);
                Thread.ofVirtual().start(() -> pipe(client, upstream, false));
                Thread.ofVirtual().start(() -> pipe(upstream, client, true));
            } catch (IOException e) {
                // the listening socket was closed by cut(): stop accepting
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean replies) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (!(replies && silenced.contains(to))) {
                    out.write(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            // one side closed: close the other too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
