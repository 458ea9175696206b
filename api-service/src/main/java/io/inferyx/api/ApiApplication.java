package io.inferyx.api;

import io.inferyx.common.InferyxConfiguration;
import io.inferyx.common.loop.CleanExit;
import io.inferyx.common.models.ModelRepositoryConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The HTTP front door of Inferyx (DESIGN §6): authenticates, validates and admits inference
 * requests into Redis, and answers results, by polling or by waiting.
 */
@SpringBootApplication
@Import({InferyxConfiguration.class, ModelRepositoryConfiguration.class})
@EnableConfigurationProperties(ApiProperties.class)
public class ApiApplication {

    /**
     * The application, reading its defaults from {@code api-service.yaml} rather than
     * {@code application.yaml}: the local launcher runs every service from one classpath, so
     * each service needs a configuration file of its own name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ApiApplication.class)
                .properties("spring.config.name=api-service");
    }

    public static void main(String[] args) {
        CleanExit.onSigterm();
        builder().run(args);
    }
}
