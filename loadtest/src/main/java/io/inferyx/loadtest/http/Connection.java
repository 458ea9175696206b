package io.inferyx.loadtest.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One HTTP/1.1 connection: writes a request, reads one response (Content-Length or chunked). */
final class Connection {

    private static final int MAX_LINE = 8192;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long idleSince = System.nanoTime();

    private Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects within {@code timeout}: a server at its connection limit must not hang the caller. */
    static Connection open(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millis(timeout));
            socket.setTcpNoDelay(true);
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    Response exchange(byte[] request, Duration timeout) throws IOException {
        socket.setSoTimeout(millis(timeout));
        out.write(request);
        out.flush();
        int status = status(line());
        Headers headers = headers();
        byte[] body = headers.chunked() ? chunks() : in.readNBytes(headers.length());
        return new Response(new KeepAliveHttp.Answer(status, new String(body, StandardCharsets.UTF_8)),
                !headers.close());
    }

    private static int status(String line) throws IOException {
        if (!line.startsWith("HTTP/1.") || line.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + line);
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    private Headers headers() throws IOException {
        int length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            if (isHeader(header, "content-length")) {
                length = Integer.parseInt(value(header));
            } else if (isHeader(header, "transfer-encoding")) {
                chunked = value(header).equalsIgnoreCase("chunked");
            } else if (isHeader(header, "connection")) {
                close = value(header).equalsIgnoreCase("close");
            }
        }
        return new Headers(length, chunked, close);
    }

    private static boolean isHeader(String line, String name) {
        return line.length() > name.length() && line.charAt(name.length()) == ':'
                && line.regionMatches(true, 0, name, 0, name.length());
    }

    private static String value(String header) {
        return header.substring(header.indexOf(':') + 1).trim();
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes(size));
            line(); // the CRLF after the chunk
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers carry nothing the generator needs
        }
        return body.toByteArray();
    }

    private int chunkSize() throws IOException {
        String line = line();
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (line.length() > MAX_LINE) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    void markIdle() {
        idleSince = System.nanoTime();
    }

    Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - idleSince);
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a connection nobody will use again: nothing left to do
        }
    }

    record Response(KeepAliveHttp.Answer answer, boolean keepAlive) {
    }

    private record Headers(int length, boolean chunked, boolean close) {
    }
}
