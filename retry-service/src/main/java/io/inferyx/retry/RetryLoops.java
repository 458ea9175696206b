package io.inferyx.retry;

import io.inferyx.common.batch.HolderIds;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.config.RecoveryProperties;
import io.inferyx.common.config.RetryProperties;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.loop.ServiceLoop;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A promotion loop per served model and one recovery sweeper, started and stopped with the application. */
@Component
class RetryLoops implements SmartLifecycle {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final List<ServiceLoop> loops = new ArrayList<>();

    RetryLoops(ModelsProperties models, RetryProperties retry, RecoveryProperties recovery, JobQueues queues,
               Leases leases, MeterRegistry meters) {
        for (ModelId model : models.ids()) {
            RetryPromoter promoter = new RetryPromoter(queues.retryQueue(model, retry.promoteBatch()),
                    retry.promoteBatch(), retry.idleWait());
            loops.add(new ServiceLoop("retry-" + model, promoter, STOP_TIMEOUT));
        }
        RecoverySweeper sweeper = new RecoverySweeper(HolderIds.of("sweeper"), models.ids(), leases,
                recovery.sweepInterval(), meters);
        loops.add(new ServiceLoop("recovery-sweeper", sweeper, STOP_TIMEOUT));
    }

    @Override
    public void start() {
        loops.forEach(ServiceLoop::start);
    }

    @Override
    public void stop() {
        loops.parallelStream().forEach(ServiceLoop::stop);
    }

    @Override
    public boolean isRunning() {
        return loops.stream().anyMatch(ServiceLoop::isRunning);
    }
}
