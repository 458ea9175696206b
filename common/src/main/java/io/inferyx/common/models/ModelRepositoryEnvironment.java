package io.inferyx.common.models;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the model repository into ordinary properties, so that every service sees the same
 * served set and per-model batching without knowing about the repository: for each folder
 * {@code inferyx.models.discovered[i]}, and its {@code inferyx.batching.models.<model>.*}
 * overrides. The property source comes last, so anything set explicitly (arguments, environment,
 * YAML) still wins.
 */
public final class ModelRepositoryEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "inferyx-model-repository";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String location = environment.getProperty(ModelRepository.PROPERTY, ModelRepository.DEFAULT_LOCATION);
        ModelRepository repository = ModelRepository.load(Path.of(location));
        environment.getPropertySources().remove(SOURCE);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, properties(repository)));
    }

    static Map<String, Object> properties(ModelRepository repository) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<ModelConfig> models = List.copyOf(repository.models());
        for (int i = 0; i < models.size(); i++) {
            ModelConfig m = models.get(i);
            props.put("inferyx.models.discovered[" + i + "]", m.id().value());
            if (m.maxBatchSize() != null) {
                props.put("inferyx.batching.models." + m.id() + ".max-batch-size", m.maxBatchSize().toString());
            }
            if (m.maxWait() != null) {
                props.put("inferyx.batching.models." + m.id() + ".max-wait", m.maxWait().toMillis() + "ms");
            }
        }
        return props;
    }

    @Override
    public int getOrder() {
        // after the config data (application YAML, arguments) that may move the repository
        return Ordered.LOWEST_PRECEDENCE;
    }
}
