package io.inferyx.retry;

import io.inferyx.common.batch.HolderIds;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.config.RecoveryProperties;
import io.inferyx.common.config.RetryProperties;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.loop.ServiceLoop;
import io.inferyx.common.loop.ServiceLoops;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A promotion loop per served model and one recovery sweeper, started and stopped with the application. */
@Configuration(proxyBeanMethods = false)
class RetryConfiguration {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    ServiceLoops retryLoops(ModelsProperties models, RetryProperties retry, RecoveryProperties recovery,
                            JobQueues queues, Leases leases, MeterRegistry meters) {
        List<ServiceLoop> loops = new ArrayList<>();
        for (ModelId model : models.ids()) {
            RetryPromoter promoter = new RetryPromoter(queues.retryQueue(model, retry.promoteBatch()),
                    retry.promoteBatch(), retry.idleWait());
            loops.add(new ServiceLoop("retry-" + model, promoter, STOP_TIMEOUT));
        }
        RecoverySweeper sweeper = new RecoverySweeper(HolderIds.forThisProcess().holder("sweeper"), models.ids(),
                leases, recovery.sweepInterval(), meters);
        loops.add(new ServiceLoop("recovery-sweeper", sweeper, STOP_TIMEOUT));
        return new ServiceLoops(loops);
    }
}
