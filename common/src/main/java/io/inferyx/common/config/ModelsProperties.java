package io.inferyx.common.config;

import io.inferyx.common.job.ModelId;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/** The models this fleet serves ({@code inferyx.models.served}); any other model id is a 404. */
@Validated
@ConfigurationProperties("inferyx.models")
public record ModelsProperties(@DefaultValue("mock") @NotEmpty List<String> served) {

    public ModelsProperties {
        served.forEach(name -> {
            if (!ModelId.isValid(name)) {
                throw new IllegalArgumentException("inferyx.models.served: '" + name + "' is not a valid model id");
            }
        });
        served = List.copyOf(served);
    }

    public List<ModelId> ids() {
        return served.stream().map(ModelId::of).toList();
    }

    public boolean serves(String model) {
        return served.contains(model);
    }
}
