package io.inferyx.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as a child JVM on the launcher's own class path, its output copied to
 * the launcher's with a {@code [label]} prefix.
 */
public final class ServiceProcess {

    private final FleetService service;
    private final Process process;

    private ServiceProcess(FleetService service, Process process) {
        this.service = service;
        this.process = process;
    }

    /**
     * Starts {@code service} with the given JVM options, extra environment and extra arguments.
     */
    public static ServiceProcess start(FleetService service, String redisUrl, List<String> jvmOptions,
                                       Map<String, String> environment, List<String> extraArguments,
                                       PrintStream out) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), service.mainClass().getName()));
        command.addAll(List.of(service.arguments(redisUrl)));
        command.addAll(extraArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            ServiceProcess started = new ServiceProcess(service, builder.start());
            started.copyOutput(out);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service.label(), e);
        }
    }

    private void copyOutput(PrintStream out) {
        Thread.ofPlatform().daemon().name("out-" + service.label()).start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> out.println("[" + service.label() + "] " + line));
            } catch (IOException | UncheckedIOException e) {
                // the process ended: nothing more to copy
            }
        });
    }

    public FleetService service() {
        return service;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; answers the exit code. */
    public int stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Process process() {
        return process;
    }
}
