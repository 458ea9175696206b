package io.inferyx.batcher;

import io.inferyx.common.InferyxConfiguration;
import io.inferyx.common.loop.CleanExit;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The batcher: groups each model's queued jobs into batches for the workers. */
@SpringBootApplication
@Import(InferyxConfiguration.class)
public class BatcherApplication {

    /** The application with its defaults from {@code batcher-service.yaml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(BatcherApplication.class)
                .properties("spring.config.name=batcher-service");
    }

    public static void main(String[] args) {
        CleanExit.onSigterm();
        builder().run(args);
    }
}
