package io.inferyx.launcher;

import io.inferyx.api.ApiApplication;
import io.inferyx.batcher.BatcherApplication;
import io.inferyx.retry.RetryApplication;
import io.inferyx.worker.WorkerApplication;

/** The four services of the fleet and where each listens when run on one machine. */
public enum FleetService {
    API("api", ApiApplication.class, 8000, 8080),
    BATCHER("batcher", BatcherApplication.class, 8081, 8081),
    WORKER("worker", WorkerApplication.class, 8082, 8082),
    RETRY("retry", RetryApplication.class, 8083, 8083);

    private final String label;
    private final Class<?> mainClass;
    private final int port;
    private final int managementPort;

    FleetService(String label, Class<?> mainClass, int port, int managementPort) {
        this.label = label;
        this.mainClass = mainClass;
        this.port = port;
        this.managementPort = managementPort;
    }

    public String label() {
        return label;
    }

    public Class<?> mainClass() {
        return mainClass;
    }

    public int port() {
        return port;
    }

    /** Where {@code /actuator/health} and {@code /actuator/prometheus} answer. */
    public int managementPort() {
        return managementPort;
    }

    /**
     * The arguments that place this service on the given ports (rather than its fixed ones) and on
     * {@code redisUrl}; a service whose HTTP port carries only the actuator ignores {@code actuatorPort}.
     */
    public String[] arguments(String redisUrl, int httpPort, int actuatorPort) {
        if (!hasSeparateManagementPort()) {
            return new String[]{"--spring.data.redis.url=" + redisUrl, "--server.port=" + httpPort};
        }
        return new String[]{"--spring.data.redis.url=" + redisUrl, "--server.port=" + httpPort,
                "--management.server.port=" + actuatorPort};
    }

    /** Whether the actuator listens on a port of its own (only the API's HTTP port serves traffic). */
    public boolean hasSeparateManagementPort() {
        return port != managementPort;
    }
}
