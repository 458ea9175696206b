package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.job.ModelId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerIdsTest {

    private static final ModelId MOCK = ModelId.of("mock");

    @Test
    void namesWorkersByInstanceModelAndNumber() {
        assertThat(new WorkerIds("host-a1").worker(MOCK, 3)).isEqualTo(new HolderId("host-a1-mock-w3"));
    }

    @Test
    void replacesCharactersOutsideTheAllowedAlphabet() {
        assertThat(new WorkerIds("my host/01:x").worker(MOCK, 1).value()).isEqualTo("my-host-01-x-mock-w1");
        assertThat(new WorkerIds("").worker(MOCK, 1).value()).isEqualTo("worker-mock-w1");
    }

    @Test
    void shortensTheInstanceButKeepsModelAndNumberWhenTooLong() {
        ModelId longModel = ModelId.of("m".repeat(64));
        HolderId id = new WorkerIds("h".repeat(80)).worker(longModel, 12345);
        assertThat(id.value()).hasSizeLessThanOrEqualTo(100).endsWith("-" + longModel.value() + "-w12345");
    }

    @Test
    void eachProcessStartGetsItsOwnNames() {
        HolderId first = WorkerIds.forThisProcess().worker(MOCK, 1);
        HolderId second = WorkerIds.forThisProcess().worker(MOCK, 1);
        assertThat(first).isNotEqualTo(second);
        assertThat(first.value()).endsWith("-mock-w1");
    }
}
