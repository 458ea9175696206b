package io.inferyx.launcher.faults;

import io.inferyx.launcher.FleetService;
import io.inferyx.launcher.HealthCheck;
import io.inferyx.launcher.ServiceProcess;
import io.inferyx.launcher.ServiceProcess.Launch;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The four services as separate JVMs ({@link ServiceProcess}) on free loopback ports, against one
 * Redis and key prefix, with what a fault test does to them: kill -9, SIGTERM, start again. Each
 * service keeps its ports across restarts, so clients find a restarted API where the old one was.
 * Closing the fleet kills whatever still runs.
 */
final class ProcessFleet implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** How a SIGTERM ended: the exit status and how long the process took to exit. */
    record Stopped(int exitCode, Duration took) {
    }

    private final String redisUrl;
    private final PrintStream log;
    private final Path logFile;
    private final Map<FleetService, Launch> launches = new EnumMap<>(FleetService.class);
    private final Map<FleetService, ServiceProcess> current = new EnumMap<>(FleetService.class);
    private final List<ServiceProcess> started = new ArrayList<>();
    private final Map<FleetService, Integer> starts = new EnumMap<>(FleetService.class);

    /** A fleet (not started yet) whose services write their output to {@code log}, which goes to {@code logFile}. */
    ProcessFleet(String redisUrl, String prefix, String apiKey, FleetSettings settings, PrintStream log, Path logFile) {
        this.redisUrl = redisUrl;
        this.log = log;
        this.logFile = logFile;
        List<String> arguments = new ArrayList<>(settings.arguments());
        arguments.add("--inferyx.redis.key-prefix=" + prefix);
        arguments.add("--inferyx.api.keys=" + apiKey);
        for (FleetService service : FleetService.values()) {
            launches.put(service, Launch.of(service, redisUrl)
                    .withPorts(FreePorts.next(), FreePorts.next())
                    .withClassPath(ChildJvm.classPath())
                    .withArguments(loopbackOnly(service, arguments)));
        }
    }

    /** Adds the API's actuator to the loopback-only listeners ({@code server.address} covers the rest). */
    static List<String> loopbackOnly(FleetService service, List<String> arguments) {
        List<String> all = new ArrayList<>(arguments);
        all.add("--server.address=127.0.0.1");
        if (service.hasSeparateManagementPort()) {
            all.add("--management.server.address=127.0.0.1");
        }
        return all;
    }

    /** Starts every service and waits until all are healthy. */
    ProcessFleet startAll() {
        ChildJvm.train(redisUrl, log);
        long began = System.nanoTime();
        Stream.of(FleetService.values()).forEach(this::start);
        awaitHealthy(FleetService.values());
        log.println("[faults] fleet healthy " + (System.nanoTime() - began) / 1_000_000 + " ms after its start");
        return this;
    }

    /** Starts a new process of {@code service} (the old one must be gone); does not wait for it. */
    synchronized ServiceProcess start(FleetService service) {
        ServiceProcess old = current.get(service);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException(service.label() + " is still running (pid " + old.pid() + ")");
        }
        Launch launch = launches.get(service).withJvmOptions(ChildJvm.options(service));
        ServiceProcess process = ServiceProcess.start(launch, log);
        int generation = starts.merge(service, 1, Integer::sum);
        log.println("[faults] started " + service.label() + " #" + generation + " pid " + process.pid());
        current.put(service, process);
        started.add(process);
        return process;
    }

    /** Waits until each of {@code services} answers UP; fails at once if one exits. */
    void awaitHealthy(FleetService... services) {
        await("services up: " + List.of(services)).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (FleetService s : services) {
                        ServiceProcess p = process(s);
                        if (!p.isAlive()) {
                            throw new AssertionError(s.label() + " (pid " + p.pid() + ") exited with "
                                    + p.process().exitValue() + " while starting; see " + logFile);
                        }
                    }
                    return Stream.of(services).allMatch(this::isHealthy);
                });
    }

    boolean isHealthy(FleetService service) {
        return process(service).isAlive() && HealthCheck.isUp(launches.get(service).healthPort());
    }

    /** kill -9, as a crash would; answers when the process was gone. */
    Instant kill(FleetService service) {
        ServiceProcess p = process(service);
        p.kill();
        Instant at = Instant.now();
        log.println("[faults] killed -9 " + service.label() + " pid " + p.pid());
        return at;
    }

    /** SIGTERM, then waits up to {@code deadline} for the exit (kill -9 after it, and the exit code says so). */
    Stopped terminate(FleetService service, Duration deadline) throws InterruptedException {
        ServiceProcess p = process(service);
        long start = System.nanoTime();
        p.process().destroy();
        boolean exited = p.process().waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!exited) {
            p.kill();
            log.println("[faults] " + service.label() + " did not exit within " + deadline + " of SIGTERM: killed");
            return new Stopped(-1, took);
        }
        log.println("[faults] SIGTERM " + service.label() + " pid " + p.pid() + ": exit " + p.process().exitValue()
                + " after " + took.toMillis() + " ms");
        return new Stopped(p.process().exitValue(), took);
    }

    /** kill -9 and start a new one, waiting until it is healthy. */
    void crashAndRestart(FleetService service) {
        kill(service);
        start(service);
        awaitHealthy(service);
    }

    /** Makes sure every service runs and is healthy (starting the dead ones). */
    void ensureAllRunning() {
        for (FleetService s : FleetService.values()) {
            if (!process(s).isAlive()) {
                start(s);
            }
        }
        awaitHealthy(FleetService.values());
    }

    synchronized ServiceProcess process(FleetService service) {
        ServiceProcess p = current.get(service);
        if (p == null) {
            throw new IllegalStateException(service.label() + " was never started");
        }
        return p;
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + launches.get(FleetService.API).port());
    }

    @Override
    public synchronized void close() {
        started.parallelStream().filter(ServiceProcess::isAlive).forEach(ServiceProcess::kill);
    }
}
