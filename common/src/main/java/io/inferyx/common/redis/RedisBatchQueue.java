package io.inferyx.common.redis;

import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.Forming;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.job.JobEvent;
import io.inferyx.common.job.ModelId;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.List;

/** {@link BatchQueue} on Redis: {@code fill.lua}, {@code seal.lua} and a blocking {@code BLMOVE}. */
final class RedisBatchQueue implements BatchQueue {

    private final Scripts scripts;
    private final StatefulRedisConnection<String, String> blocking;
    private final List<String> fillKeys;
    private final List<String> sealKeys;
    private final String maxBatchSize;
    private final String jobPrefix;

    RedisBatchQueue(RedisKeys keys, Scripts scripts, StatefulRedisConnection<String, String> blocking,
                    ModelId model, HolderId batcher, int maxBatchSize) {
        this.scripts = scripts;
        this.blocking = blocking;
        String forming = keys.forming(model, batcher);
        this.fillKeys = List.of(keys.queue(model), forming, keys.batches(model));
        this.sealKeys = List.of(forming, keys.batches(model));
        this.maxBatchSize = Integer.toString(maxBatchSize);
        this.jobPrefix = keys.jobPrefix(model);
    }

    @Override
    public Forming fill() {
        List<Object> reply = scripts.run(Scripts.FILL, fillKeys, List.of(maxBatchSize, jobPrefix));
        return new Forming(((Long) reply.get(0)).intValue(), Duration.ofMillis((Long) reply.get(1)),
                ((Long) reply.get(2)).intValue());
    }

    @Override
    public int seal(String batchId) {
        JobEvent batch = JobEvent.BATCH;
        List<Object> reply = scripts.run(Scripts.SEAL, sealKeys,
                List.of(batchId, jobPrefix, batch.sourcesForScript(), batch.target().wire()));
        return ((Long) reply.get(0)).intValue();
    }

    @Override
    public void awaitJob(Duration timeout) {
        blocking.sync().blmove(fillKeys.get(0), fillKeys.get(1), LMoveArgs.Builder.rightLeft(), seconds(timeout));
    }

    static double seconds(Duration timeout) {
        return Math.max(0.01, timeout.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        blocking.close();
    }
}
