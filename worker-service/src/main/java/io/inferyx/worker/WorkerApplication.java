package io.inferyx.worker;

import io.inferyx.common.InferyxConfiguration;
import io.inferyx.common.loop.CleanExit;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import java.util.Map;

/** The worker service: an autoscaling pool per served model that claims batches and runs the model. */
@SpringBootApplication
@Import(InferyxConfiguration.class)
public class WorkerApplication {

    /**
     * The application, reading its defaults from {@code worker-service.yaml} rather than
     * {@code application.yaml}, so that every service keeps its own defaults on a shared classpath.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .properties(Map.of("spring.config.name", "worker-service"));
    }

    public static void main(String[] args) {
        CleanExit.onSigterm();
        builder().run(args);
    }
}
