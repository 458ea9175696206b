package io.inferyx.launcher;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a free loopback port, with a
 * storage directory of its own, scraping the given targets every second.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final Thread stopOnExit;
    final int port;
    final Path config;

    private PrometheusServer(Process process, Path log, Path config, int port) {
        this.process = process;
        this.log = log;
        this.config = config;
        this.port = port;
        // a test JVM that ends without closing this must not leave a Prometheus behind
        this.stopOnExit = new Thread(process::destroyForcibly, "prometheus-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static boolean installed() {
        return Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
    }

    /** Writes a scrape configuration for {@code targets} (job name → management port) and starts Prometheus on it. */
    static PrometheusServer start(Path directory, Map<String, Integer> targets) throws IOException {
        Path config = directory.resolve("prometheus.yaml");
        Files.writeString(config, scrapeConfig(targets));
        Path log = directory.resolve("prometheus.log");
        int port = freePort();
        Process process = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, config, port);
        try {
            await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Prometheus exited: " + server.log());
                        }
                        return server.get("/-/ready").statusCode() == 200;
                    });
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    static String scrapeConfig(Map<String, Integer> targets) {
        String jobs = targets.entrySet().stream().map(target -> """
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(target.getKey(), target.getValue())).collect(Collectors.joining());
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """ + jobs;
    }

    /** The result of an instant query: the {@code data} node of {@code /api/v1/query}. */
    JsonNode query(String promql) {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !body.path("status").asString().equals("success")) {
            throw new AssertionError("query " + promql + " failed: " + response.body());
        }
        return body.path("data");
    }

    /** The values of label {@code name} across the series matching {@code match}. */
    List<String> labelValues(String name, String match) {
        HttpResponse<String> response = get("/api/v1/label/" + name + "/values?match[]="
                + URLEncoder.encode(match, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        return body.path("data").valueStream().map(JsonNode::asString).toList();
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The end of Prometheus's log, for failure messages. */
    String log() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Runs {@code promtool check config} on {@code file}; answers its exit code and output. */
    static PromtoolResult checkConfig(Path file) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "config", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!promtool.waitFor(30, TimeUnit.SECONDS)) {
            promtool.destroyForcibly();
            throw new AssertionError("promtool did not finish within 30 s");
        }
        return new PromtoolResult(promtool.exitValue(), output);
    }

    record PromtoolResult(int exitCode, String output) {
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }
}
