package io.inferyx.common.redis;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.config.JobProperties;
import io.inferyx.common.config.RecoveryProperties;
import io.inferyx.common.job.JobEvent;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.ModelId;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.List;

/** {@link Leases} on Redis: a {@code PX} string per holder, a set of holders per model, {@code recover.lua}. */
public final class RedisLeases implements Leases {

    private final RedisKeys keys;
    private final Scripts scripts;
    private final RedisCommands<String, String> redis;
    private final JobProperties jobs;
    private final RecoveryProperties recovery;

    public RedisLeases(RedisKeys keys, Scripts scripts, RedisCommands<String, String> redis,
                       JobProperties jobs, RecoveryProperties recovery) {
        this.keys = keys;
        this.scripts = scripts;
        this.redis = redis;
        this.jobs = jobs;
        this.recovery = recovery;
    }

    @Override
    public void acquire(ModelId model, HolderId holder, Duration ttl) {
        renew(model, holder, ttl);
    }

    @Override
    public void renew(ModelId model, HolderId holder, Duration ttl) {
        redis.set(keys.lease(model, holder), "1", SetArgs.Builder.px(ttl.toMillis()));
        redis.sadd(keys.holders(model), holder.value());
    }

    @Override
    public boolean leadSweep(HolderId holder, Duration ttl) {
        List<Object> reply = scripts.run(Scripts.LEAD, List.of(keys.sweeperLock()),
                List.of(holder.value(), Long.toString(ttl.toMillis())));
        return (Long) reply.get(0) == 1;
    }

    @Override
    public Recovered release(ModelId model, HolderId holder) {
        return recover(model, holder, "release");
    }

    @Override
    public Recovered sweep(ModelId model) {
        Recovered total = new Recovered(0, 0, 0);
        for (String holder : redis.smembers(keys.holders(model))) {
            total = total.plus(recover(model, new HolderId(holder), "sweep"));
        }
        return total;
    }

    private Recovered recover(ModelId model, HolderId holder, String mode) {
        List<String> keyList = List.of(keys.lease(model, holder), keys.forming(model, holder),
                keys.processing(model, holder), keys.queue(model), keys.holders(model), keys.dead(model),
                keys.backlog(model));
        JobEvent recover = JobEvent.RECOVER;
        List<String> args = List.of(holder.value(), keys.jobPrefix(model), recover.sourcesForScript(),
                JobStatus.QUEUED.wire(), JobStatus.FAILED.wire(), Integer.toString(recovery.maxRecoveries()),
                Long.toString(jobs.resultTtl().toMillis()), keys.inFlightPrefix(model), keys.finishedChannel(), mode,
                JobStatus.RUNNING.wire());
        List<Object> reply = scripts.run(Scripts.RECOVER, keyList, args);
        if ((Long) reply.get(0) < 0) {
            return new Recovered(0, 0, 0);
        }
        return new Recovered(1, ((Long) reply.get(1)).intValue(), ((Long) reply.get(2)).intValue());
    }
}
