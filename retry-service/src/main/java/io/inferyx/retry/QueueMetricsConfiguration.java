package io.inferyx.retry;

import io.inferyx.common.batch.QueueSizes;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.loop.ServiceLoop;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The queue-size gauges of the fleet: sampled here, in the retry service, and nowhere else. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueueMetricsProperties.class)
class QueueMetricsConfiguration {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    ServiceLoop queueSizeSampler(ModelsProperties models, QueueSizes queueSizes, QueueMetricsProperties properties,
                                 MeterRegistry meters) {
        QueueSizeSampler sampler = new QueueSizeSampler(models.ids(), queueSizes, properties.queueSampleInterval(),
                meters);
        return new ServiceLoop("queue-size-sampler", sampler, STOP_TIMEOUT);
    }
}
