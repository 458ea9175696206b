package io.inferyx.launcher.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The memory of one service JVM, as the OS sees it (resident set, from {@code /proc}) and as the
 * JVM sees it (heap used, from its Prometheus endpoint), and its live heap: the heap used right
 * after a full collection that {@code jcmd GC.run} asks for. Linux only, like the rest of the suite.
 */
final class ServiceMemory {

    private static final Pattern RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB$", Pattern.MULTILINE);
    private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{([^}]*)}\\s+(\\S+)$",
            Pattern.MULTILINE);
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final long pid;
    private final int managementPort;

    private ServiceMemory(long pid, int managementPort) {
        this.pid = pid;
        this.managementPort = managementPort;
    }

    /**
     * The service JVM with process id {@code pid}. Its management port is read from its own
     * command line ({@code --management.server.port=}), which is never printed: it holds the
     * whole class path.
     */
    static ServiceMemory of(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String port = Stream.of(new String(raw, StandardCharsets.UTF_8).split("\0"))
                    .filter(a -> a.startsWith("--management.server.port=")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("pid " + pid + " was given no management port"))
                    .substring("--management.server.port=".length());
            return new ServiceMemory(pid, Integer.parseInt(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resident set size, bytes. */
    long residentBytes() {
        try {
            Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            if (!rss.find()) {
                throw new IllegalStateException("no VmRSS for pid " + pid);
            }
            return Long.parseLong(rss.group(1)) * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Heap in use now (every heap pool, garbage included), bytes. */
    long heapUsedBytes() {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).timeout(Duration.ofSeconds(5))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher sample = HEAP_USED.matcher(response.body());
            double used = 0;
            boolean found = false;
            while (sample.find()) {
                if (sample.group(1).contains("area=\"heap\"")) {
                    used += Double.parseDouble(sample.group(2));
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalStateException("no heap jvm_memory_used_bytes on port " + managementPort);
            }
            return (long) used;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asks for a full collection, then answers the heap used: what the JVM really holds on to, bytes. */
    long liveHeapBytes() {
        try {
            Process gc = new ProcessBuilder(JCMD.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .start();
            String output = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                gc.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " GC.run failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + JCMD, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return heapUsedBytes();
    }
}
