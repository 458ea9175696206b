package io.inferyx.common.models;

import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.redis.RedisConnections;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.redis.RedisModelReadiness;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The model repository and the readiness marks, for the services that need more than the served
 * set (the API for {@code GET /models} and aspects, the worker for the model files). Import it
 * next to {@code InferyxConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class ModelRepositoryConfiguration {

    @Bean
    ModelRepository modelRepository(ModelsProperties models) {
        return ModelRepository.load(Path.of(models.repository()));
    }

    @Bean
    ModelReadiness modelReadiness(RedisKeys keys, RedisConnections connections, Clock clock) {
        return new RedisModelReadiness(keys, connections.shared().sync(), clock);
    }
}
