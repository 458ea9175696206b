package io.inferyx.common.config;

import io.inferyx.common.job.ModelId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;

/**
 * How jobs are grouped ({@code inferyx.batching.*}): a batch is released when it holds
 * {@code max-batch-size} jobs or when its oldest job has waited {@code max-wait}.
 * {@code models.<model>.max-batch-size} and {@code models.<model>.max-wait} override per model.
 */
@Validated
@ConfigurationProperties("inferyx.batching")
public record BatchingProperties(
        @DefaultValue("4") @Min(1) @Max(1024) int maxBatchSize,
        @DefaultValue("1s") @NotNull Duration maxWait,
        @DefaultValue Map<String, @Valid ModelBatching> models) {

    public BatchingProperties {
        requirePositive(maxWait, "inferyx.batching.max-wait");
        models = Map.copyOf(models);
    }

    public int maxBatchSize(ModelId model) {
        ModelBatching o = models.get(model.value());
        return o != null && o.maxBatchSize() != null ? o.maxBatchSize() : maxBatchSize;
    }

    public Duration maxWait(ModelId model) {
        ModelBatching o = models.get(model.value());
        return o != null && o.maxWait() != null ? o.maxWait() : maxWait;
    }

    /** Per-model settings; a missing value falls back to the global one. */
    public record ModelBatching(@Min(1) @Max(1024) Integer maxBatchSize, Duration maxWait) {
        public ModelBatching {
            if (maxWait != null) {
                requirePositive(maxWait, "inferyx.batching.models.*.max-wait");
            }
        }
    }

    static void requirePositive(Duration d, String property) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(property + " must be a positive duration, was " + d);
        }
    }
}
