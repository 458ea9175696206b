package io.inferyx.common.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.inferyx.common.job.JobEvent.BATCH;
import static io.inferyx.common.job.JobEvent.ENQUEUE;
import static io.inferyx.common.job.JobEvent.FAIL;
import static io.inferyx.common.job.JobEvent.RECOVER;
import static io.inferyx.common.job.JobEvent.RETRY;
import static io.inferyx.common.job.JobEvent.START;
import static io.inferyx.common.job.JobEvent.SUCCEED;
import static io.inferyx.common.job.JobStatus.BATCHED;
import static io.inferyx.common.job.JobStatus.DONE;
import static io.inferyx.common.job.JobStatus.FAILED;
import static io.inferyx.common.job.JobStatus.QUEUED;
import static io.inferyx.common.job.JobStatus.RETRYING;
import static io.inferyx.common.job.JobStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStatusTest {

    @Test
    void followsTheHappyPathToDone() {
        assertThat(QUEUED.apply(BATCH).apply(START).apply(SUCCEED)).isEqualTo(DONE);
    }

    @Test
    void retriesGoBackToTheQueueAndRunAgain() {
        assertThat(RUNNING.apply(RETRY).apply(ENQUEUE).apply(BATCH).apply(START)).isEqualTo(RUNNING);
    }

    @Test
    void failsFromRunningOrFromABatchRecoveredTooOften() {
        assertThat(RUNNING.apply(FAIL)).isEqualTo(FAILED);
        assertThat(BATCHED.apply(FAIL)).isEqualTo(FAILED);
    }

    @Test
    void recoversHeldWorkToTheQueue() {
        assertThat(BATCHED.apply(RECOVER)).isEqualTo(QUEUED);
        assertThat(RUNNING.apply(RECOVER)).isEqualTo(QUEUED);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"DONE", "FAILED"})
    void terminalStatesAcceptNoEvent(JobStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (JobEvent event : JobEvent.values()) {
            assertThatThrownBy(() -> terminal.apply(event)).isInstanceOf(IllegalTransitionException.class);
        }
    }

    @Test
    void refusesToSkipSteps() {
        assertThatThrownBy(() -> QUEUED.apply(START))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("a queued job cannot start");
        assertThatThrownBy(() -> QUEUED.apply(SUCCEED)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> RETRYING.apply(START)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> BATCHED.apply(RETRY)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void givesScriptsTheSourceStatesInWireForm() {
        assertThat(RECOVER.sourcesForScript()).isEqualTo(",batched,running,");
        assertThat(QUEUED.wire()).isEqualTo("queued");
        assertThat(JobStatus.fromWire("retrying")).isEqualTo(RETRYING);
    }
}
