package io.inferyx.loadtest.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeepAliveHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final List<String> seen = new ArrayList<>();
    private HttpServer server;

    private URI serve(String path, Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            synchronized (seen) {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            handler.handle(exchange);
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void sendsTheKeyAndTheBodyAndReadsFixedLengthAndChunkedAnswers() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        URI base = serve("/", e -> answer(e, calls.incrementAndGet() == 1 ? 202 : 200, "{\"ünï\":1}",
                calls.get() % 2 == 0));
        try (KeepAliveHttp http = new KeepAliveHttp(base, "k1", 8)) {
            KeepAliveHttp.Answer first = http.postJson("/infer?wait=5ms", "{\"input\":\"é\"}", TIMEOUT);
            KeepAliveHttp.Answer second = http.get("/result/x?wait=1ms", TIMEOUT);

            assertThat(first).isEqualTo(new KeepAliveHttp.Answer(202, "{\"ünï\":1}"));
            assertThat(second).isEqualTo(new KeepAliveHttp.Answer(200, "{\"ünï\":1}"));
        }
        assertThat(seen).containsExactly("POST /infer?wait=5ms Bearer k1 {\"input\":\"é\"}",
                "GET /result/x?wait=1ms Bearer k1 ");
    }

    @Test
    void reusesOneConnectionForSequentialRequests() throws IOException {
        URI base = serve("/", e -> answer(e, 200, "ok", false));
        try (KeepAliveHttp http = new KeepAliveHttp(base, "k", 8)) {
            for (int i = 0; i < 20; i++) {
                assertThat(http.get("/x", TIMEOUT).status()).isEqualTo(200);
            }
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void opensAConnectionPerConcurrentRequestAndPoolsThem() throws Exception {
        URI base = serve("/", e -> answer(e, 200, "ok", false));
        try (KeepAliveHttp http = new KeepAliveHttp(base, "k", 200);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(clients.submit(() -> http.get("/x", TIMEOUT).status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            assertThat(http.idleConnections()).isEqualTo(clientPorts.size()).isBetween(1, 200);
        }
    }

    @Test
    void neverRunsMoreExchangesThanItsConnectionLimitAndServesTheRestAsConnectionsComeFree() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        URI base = serve("/", e -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            awaitQuietly(release);
            inFlight.decrementAndGet();
            answer(e, 200, "ok", false);
        });
        try (KeepAliveHttp http = new KeepAliveHttp(base, "k", 3);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(clients.submit(() -> http.get("/x", TIMEOUT).status()));
            }
            await().atMost(TIMEOUT).until(() -> inFlight.get() == 3);
            release.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            release.countDown();
        }
        assertThat(mostInFlight).hasValue(3);
        assertThat(clientPorts).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aRequestThatFindsNoConnectionFreeWithinItsTimeoutFailsSayingWhy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        URI base = serve("/", e -> {
            awaitQuietly(release);
            answer(e, 200, "ok", false);
        });
        try (KeepAliveHttp http = new KeepAliveHttp(base, "k", 1);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = clients.submit(() -> http.get("/slow", TIMEOUT).status());
            await().atMost(TIMEOUT).until(() -> seenCount() == 1);

            assertThatThrownBy(() -> http.get("/x", Duration.ofMillis(100))).isInstanceOf(IOException.class)
                    .hasMessageContaining("--max-connections");
            release.countDown();
            assertThat(first.get()).isEqualTo(200);
        } finally {
            release.countDown();
        }
        assertThat(seen).hasSize(1);
    }

    private int seenCount() {
        synchronized (seen) {
            return seen.size();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void opensANewConnectionWhenTheServerAsksToClose() throws IOException {
        URI base = serve("/", e -> {
            e.getResponseHeaders().set("Connection", "close");
            answer(e, 200, "bye", false);
        });
        try (KeepAliveHttp http = new KeepAliveHttp(base, "k", 8)) {
            assertThat(http.get("/x", TIMEOUT).body()).isEqualTo("bye");
            assertThat(http.get("/x", TIMEOUT).body()).isEqualTo("bye");
            assertThat(http.idleConnections()).isZero();
        }
        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void givesUpOnAServerThatDoesNotAnswerInTime() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             KeepAliveHttp http = new KeepAliveHttp(URI.create("http://127.0.0.1:" + silent.getLocalPort()), "k", 8)) {
            Thread.ofVirtual().start(() -> acceptAndHold(silent));

            assertThatThrownBy(() -> http.get("/x", Duration.ofMillis(200))).isInstanceOf(SocketTimeoutException.class);
            assertThat(http.idleConnections()).isZero();
        }
    }

    @Test
    void anExchangeThatFailsFreesItsPlaceForTheNext() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             KeepAliveHttp http = new KeepAliveHttp(URI.create("http://127.0.0.1:" + silent.getLocalPort()), "k", 1)) {
            Thread.ofVirtual().start(() -> acceptAndHold(silent));
            Thread.ofVirtual().start(() -> acceptAndHold(silent));

            // both time out waiting for the silent server's answer, not for the one connection's place
            assertThatThrownBy(() -> http.get("/x", Duration.ofMillis(200))).isInstanceOf(SocketTimeoutException.class);
            assertThatThrownBy(() -> http.get("/x", Duration.ofMillis(200))).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void refusesAnythingButPlainHttp() {
        assertThatThrownBy(() -> new KeepAliveHttp(URI.create("https://127.0.0.1:8443"), "k", 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://127.0.0.1:8443");
    }

    private static void acceptAndHold(ServerSocket silent) {
        try (Socket held = silent.accept()) {
            held.getInputStream().readAllBytes();
        } catch (IOException e) {
            // the test is over
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }
}
