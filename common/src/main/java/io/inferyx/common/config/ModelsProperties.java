package io.inferyx.common.config;

import io.inferyx.common.job.ModelId;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The models this fleet serves; any other model id is a 404. They are the models named in
 * {@code inferyx.models.served} (default {@code mock}) followed by every model of the model
 * repository ({@code inferyx.models.repository}, default {@code onnx}), which
 * {@code ModelRepositoryEnvironment} lists in {@code inferyx.models.discovered}: every service
 * reads the same folder, so the API, the batchers and the workers agree on the served set.
 */
@Validated
@ConfigurationProperties("inferyx.models")
public record ModelsProperties(@DefaultValue("mock") @NotEmpty List<String> served,
                               @DefaultValue("onnx") @NotNull String repository,
                               @DefaultValue List<String> discovered) {

    public ModelsProperties {
        served.forEach(name -> {
            if (!ModelId.isValid(name)) {
                throw new IllegalArgumentException("inferyx.models.served: '" + name + "' is not a valid model id");
            }
        });
        Set<String> all = new LinkedHashSet<>(served);
        all.addAll(discovered);
        served = List.copyOf(all);
        discovered = List.copyOf(discovered);
    }

    public List<ModelId> ids() {
        return served.stream().map(ModelId::of).toList();
    }

    public boolean serves(String model) {
        return served.contains(model);
    }
}
