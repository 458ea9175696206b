package io.inferyx.retry;

import io.inferyx.common.batch.QueueSizes;
import io.inferyx.common.batch.QueueSizes.Queue;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.loop.Pause;
import io.inferyx.common.loop.ServiceLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.inferyx.common.metrics.MetricNames.QUEUE_SIZE;
import static io.inferyx.common.metrics.MetricNames.TAG_MODEL;
import static io.inferyx.common.metrics.MetricNames.TAG_QUEUE;

/**
 * Samples the size of every queue of every served model from Redis each interval and shows
 * them as {@code inferyx_queue_size{queue,model}} (DESIGN §7). One service samples (this one),
 * so the fleet reports each queue once however many replicas of the others run; a scrape only
 * reads the last sample and never waits for Redis. While Redis cannot be read the gauges of
 * the model show NaN rather than a stale size.
 */
final class QueueSizeSampler implements ServiceLoop.Step {

    private final QueueSizes queueSizes;
    private final Duration interval;
    private final Pause pause = new Pause();
    private final Map<ModelId, Map<Queue, Sample>> samples = new LinkedHashMap<>();

    QueueSizeSampler(List<ModelId> models, QueueSizes queueSizes, Duration interval, MeterRegistry meters) {
        this.queueSizes = queueSizes;
        this.interval = interval;
        for (ModelId model : models) {
            Map<Queue, Sample> ofModel = new EnumMap<>(Queue.class);
            for (Queue queue : Queue.values()) {
                Sample sample = new Sample();
                Gauge.builder(QUEUE_SIZE, sample, Sample::value)
                        .description("Entries in a queue of a model (inference, batches, retry, dead), sampled from Redis")
                        .tag(TAG_MODEL, model.value()).tag(TAG_QUEUE, queue.tag())
                        .strongReference(true).register(meters);
                ofModel.put(queue, sample);
            }
            samples.put(model, ofModel);
        }
    }

    @Override
    public void run() throws InterruptedException {
        sample();
        pause.await(interval);
    }

    /** Reads every model's queues once; a model that could not be read shows NaN, then the failure is thrown. */
    void sample() {
        RuntimeException failure = null;
        for (Map.Entry<ModelId, Map<Queue, Sample>> model : samples.entrySet()) {
            try {
                Map<Queue, Long> sizes = queueSizes.of(model.getKey());
                model.getValue().forEach((queue, sample) -> sample.set(sizes.getOrDefault(queue, 0L)));
            } catch (RuntimeException e) {
                model.getValue().values().forEach(sample -> sample.set(Double.NaN));
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void wakeUp() {
        pause.wake();
    }

    /** The last size read; NaN before the first read and while Redis cannot be read. */
    private static final class Sample {
        private volatile double value = Double.NaN;

        double value() {
            return value;
        }

        void set(double value) {
            this.value = value;
        }
    }
}
