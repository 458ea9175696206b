package io.inferyx.retry;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.batch.Leases.Recovered;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.loop.Pause;
import io.inferyx.common.loop.ServiceLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Hands back the work of workers and batchers whose leases have lapsed, every sweep interval.
 * Only the replica that holds the sweeper lock sweeps, so replicas never race each other.
 */
final class RecoverySweeper implements ServiceLoop.Step {

    private static final Logger log = LoggerFactory.getLogger(RecoverySweeper.class);

    private final HolderId self;
    private final List<ModelId> models;
    private final Leases leases;
    private final Duration interval;
    private final Pause pause = new Pause();
    private final MeterRegistry meters;

    RecoverySweeper(HolderId self, List<ModelId> models, Leases leases, Duration interval, MeterRegistry meters) {
        this.self = self;
        this.models = List.copyOf(models);
        this.leases = leases;
        this.interval = interval;
        this.meters = meters;
        // registered up front so that dashboards show zero rather than no data until the first recovery
        this.models.forEach(model -> {
            counter("requeued", model);
            counter("failed", model);
        });
    }

    @Override
    public void run() throws InterruptedException {
        if (leases.leadSweep(self, interval.multipliedBy(3))) {
            models.forEach(this::sweep);
        }
        pause.await(interval);
    }

    private void sweep(ModelId model) {
        Recovered recovered = leases.sweep(model);
        if (recovered.holders() > 0) {
            log.warn("recovered work of {} dead holder(s) of {}: {} job(s) requeued, {} failed as poison pills",
                    recovered.holders(), model, recovered.requeued(), recovered.failed());
            counter("requeued", model).increment(recovered.requeued());
            counter("failed", model).increment(recovered.failed());
        }
    }

    private Counter counter(String outcome, ModelId model) {
        return Counter.builder("inferyx.recovered.jobs").tag("model", model.value()).tag("outcome", outcome)
                .description("Jobs handed back from dead workers and batchers").register(meters);
    }

    @Override
    public void wakeUp() {
        pause.wake();
    }
}
