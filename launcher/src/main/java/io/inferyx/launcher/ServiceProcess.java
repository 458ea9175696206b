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
        return start(Launch.of(service, redisUrl).withJvmOptions(jvmOptions).withEnvironment(environment)
                .withArguments(extraArguments), out);
    }

    /** Starts a service as {@code launch} describes it, its output copied to {@code out}. */
    public static ServiceProcess start(Launch launch, PrintStream out) {
        ProcessBuilder builder = new ProcessBuilder(launch.command()).redirectErrorStream(true);
        builder.environment().putAll(launch.environment());
        try {
            ServiceProcess started = new ServiceProcess(launch.service(), builder.start());
            started.copyOutput(out);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + launch.service().label(), e);
        }
    }

    /**
     * How to start one service: its ports (by default the fixed ones of {@link FleetService}), its
     * Redis, the class path of the child JVM (by default this JVM's), JVM options, extra environment
     * and extra {@code --property=value} arguments.
     */
    public record Launch(FleetService service, String redisUrl, int port, int managementPort, String classPath,
                         List<String> jvmOptions, Map<String, String> environment, List<String> arguments) {

        public Launch {
            jvmOptions = List.copyOf(jvmOptions);
            environment = Map.copyOf(environment);
            arguments = List.copyOf(arguments);
        }

        public static Launch of(FleetService service, String redisUrl) {
            return new Launch(service, redisUrl, service.port(), service.managementPort(),
                    System.getProperty("java.class.path"), List.of(), Map.of(), List.of());
        }

        /** Listens on {@code port} (and the API's actuator on {@code managementPort}) instead of the fixed ports. */
        public Launch withPorts(int port, int managementPort) {
            return new Launch(service, redisUrl, port, managementPort, classPath, jvmOptions, environment, arguments);
        }

        public Launch withClassPath(String classPath) {
            return new Launch(service, redisUrl, port, managementPort, classPath, jvmOptions, environment, arguments);
        }

        public Launch withJvmOptions(List<String> jvmOptions) {
            return new Launch(service, redisUrl, port, managementPort, classPath, jvmOptions, environment, arguments);
        }

        public Launch withEnvironment(Map<String, String> environment) {
            return new Launch(service, redisUrl, port, managementPort, classPath, jvmOptions, environment, arguments);
        }

        public Launch withArguments(List<String> arguments) {
            return new Launch(service, redisUrl, port, managementPort, classPath, jvmOptions, environment, arguments);
        }

        /** Where {@code /actuator/health} answers: the management port for the API, else the HTTP port. */
        public int healthPort() {
            return service.hasSeparateManagementPort() ? managementPort : port;
        }

        /** The command line of the child JVM. */
        public List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classPath, service.mainClass().getName()));
            command.addAll(List.of(service.arguments(redisUrl, port, managementPort)));
            command.addAll(arguments);
            return command;
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
