package io.inferyx.retry;

import io.inferyx.common.batch.QueueSizes;
import io.inferyx.common.batch.QueueSizes.Queue;
import io.inferyx.common.job.ModelId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueSizeSamplerTest {

    private static final ModelId MOCK = ModelId.of("mock");
    private static final ModelId MINILM = ModelId.of("minilm");

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final Map<ModelId, Map<Queue, Long>> redis = new HashMap<>();
    private final QueueSizes sizes = model -> {
        Map<Queue, Long> of = redis.get(model);
        if (of == null) {
            throw new IllegalStateException("Redis is away");
        }
        return of;
    };
    private final QueueSizeSampler sampler = new QueueSizeSampler(List.of(MOCK, MINILM), sizes, Duration.ofSeconds(5),
            meters);

    private double gauge(ModelId model, Queue queue) {
        return meters.get("inferyx.queue.size").tag("model", model.value()).tag("queue", queue.tag()).gauge().value();
    }

    private static Map<Queue, Long> sizes(long inference, long batches, long retry, long dead) {
        Map<Queue, Long> sizes = new EnumMap<>(Queue.class);
        sizes.put(Queue.INFERENCE, inference);
        sizes.put(Queue.BATCHES, batches);
        sizes.put(Queue.RETRY, retry);
        sizes.put(Queue.DEAD, dead);
        return sizes;
    }

    @Test
    void registersAGaugePerQueueAndModelThatShowsNothingBeforeTheFirstSample() {
        assertThat(meters.find("inferyx.queue.size").gauges()).hasSize(8);
        assertThat(gauge(MOCK, Queue.INFERENCE)).isNaN();
    }

    @Test
    void showsTheLastSample() {
        redis.put(MOCK, sizes(7, 2, 3, 1));
        redis.put(MINILM, sizes(0, 0, 0, 0));

        sampler.sample();
        redis.put(MOCK, sizes(5, 1, 3, 1));
        assertThat(gauge(MOCK, Queue.INFERENCE)).isEqualTo(7);

        sampler.sample();
        assertThat(gauge(MOCK, Queue.INFERENCE)).isEqualTo(5);
        assertThat(gauge(MOCK, Queue.BATCHES)).isEqualTo(1);
        assertThat(gauge(MOCK, Queue.RETRY)).isEqualTo(3);
        assertThat(gauge(MOCK, Queue.DEAD)).isEqualTo(1);
        assertThat(gauge(MINILM, Queue.DEAD)).isZero();
    }

    @Test
    void aModelThatCannotBeReadShowsNaNNotAStaleSizeAndTheOthersStillUpdate() {
        redis.put(MOCK, sizes(7, 2, 3, 1));
        redis.put(MINILM, sizes(4, 0, 0, 0));
        sampler.sample();

        redis.remove(MOCK);
        redis.put(MINILM, sizes(9, 0, 0, 0));

        assertThatThrownBy(sampler::sample).hasMessageContaining("Redis is away");
        assertThat(gauge(MOCK, Queue.INFERENCE)).isNaN();
        assertThat(gauge(MOCK, Queue.DEAD)).isNaN();
        assertThat(gauge(MINILM, Queue.INFERENCE)).isEqualTo(9);
    }
}
