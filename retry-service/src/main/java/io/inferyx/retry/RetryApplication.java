package io.inferyx.retry;

import io.inferyx.common.InferyxConfiguration;
import io.inferyx.common.loop.CleanExit;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The retry service: promotes due retries and hands back work held by dead processes. */
@SpringBootApplication
@Import(InferyxConfiguration.class)
public class RetryApplication {

    /** The application with its defaults from {@code retry-service.yaml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RetryApplication.class)
                .properties("spring.config.name=retry-service");
    }

    public static void main(String[] args) {
        CleanExit.onSigterm();
        builder().run(args);
    }
}
