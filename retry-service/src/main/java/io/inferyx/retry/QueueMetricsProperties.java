package io.inferyx.retry;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** How often the retry service samples the queue sizes from Redis ({@code inferyx.metrics.queue-sample-interval}). */
@Validated
@ConfigurationProperties("inferyx.metrics")
record QueueMetricsProperties(@DefaultValue("5s") @NotNull Duration queueSampleInterval) {

    QueueMetricsProperties {
        if (queueSampleInterval == null || queueSampleInterval.isNegative() || queueSampleInterval.isZero()) {
            throw new IllegalArgumentException(
                    "inferyx.metrics.queue-sample-interval must be a positive duration, was " + queueSampleInterval);
        }
    }
}
