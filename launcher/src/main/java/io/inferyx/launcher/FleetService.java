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

    /** The arguments that place this service on its ports and on {@code redisUrl}. */
    public String[] arguments(String redisUrl) {
        if (port == managementPort) {
            return new String[]{"--spring.data.redis.url=" + redisUrl, "--server.port=" + port};
        }
        return new String[]{"--spring.data.redis.url=" + redisUrl, "--server.port=" + port,
                "--management.server.port=" + managementPort};
    }
}
