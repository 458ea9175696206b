package io.inferyx.common.redis;

import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobView;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class JobReadsIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private final RedisFixture redis = new RedisFixture();
    private final RedisJobStore store = redis.jobStore();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void readsSeveralJobsAtOnceInTheOrderAskedAndEmptyForOneThatIsGone() {
        JobId queued = JobId.random(MOCK);
        store.submit(new Submission(queued, "hello"));
        JobId done = JobId.random(MOCK);
        redis.redis.hset(redis.keys.job(done), Map.of("status", "done", "result", "[0.5]", "attempts", "1",
                "submitted_at", "1000", "finished_at", "2000"));
        JobId gone = JobId.random(MOCK);

        List<CompletionStage<Optional<JobView>>> reads = store.findAllAsync(List.of(done, gone, queued));

        assertThat(reads).hasSize(3);
        assertThat(reads.get(0).toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS)
                .isEqualTo(store.find(done))
                .satisfies(view -> assertThat(view).map(JobView::result).contains("[0.5]"));
        assertThat(reads.get(1).toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
        assertThat(reads.get(2).toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS)
                .satisfies(view -> assertThat(view).map(JobView::status).contains(JobStatus.QUEUED));
    }

    @Test
    void readingNoJobsAsksNothing() {
        assertThat(store.findAllAsync(List.of())).isEmpty();
    }
}
