package io.inferyx.common.redis;

import io.inferyx.common.config.JobProperties;
import io.inferyx.common.config.QueueProperties;
import io.inferyx.common.job.Admission;
import io.inferyx.common.job.InputDigest;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.JobView;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.MapOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@link JobStore} on Redis: admission is one script, reads are one {@code HGETALL}. */
public final class RedisJobStore implements JobStore {

    private final RedisKeys keys;
    private final Scripts scripts;
    private final RedisCommands<String, String> redis;
    private final StatefulRedisConnection<String, String> connection;
    private final QueueProperties queue;
    private final JobProperties jobs;

    public RedisJobStore(RedisKeys keys, Scripts scripts, StatefulRedisConnection<String, String> connection,
                         QueueProperties queue, JobProperties jobs) {
        this.keys = keys;
        this.scripts = scripts;
        this.redis = connection.sync();
        this.connection = connection;
        this.queue = queue;
        this.jobs = jobs;
    }

    @Override
    public Admission submit(Submission submission) {
        JobId id = submission.id();
        ModelId model = submission.model();
        InputDigest digest = submission.digest();
        List<String> keyList = List.of(keys.queue(model), keys.job(id), keys.cache(model, digest),
                keys.inFlight(model, digest), keys.backlog(model));
        List<String> args = List.of(id.toString(), model.value(), submission.input(),
                Integer.toString(queue.maxSize()), Long.toString(jobs.resultTtl().toMillis()),
                JobStatus.QUEUED.wire(), JobStatus.DONE.wire(), Long.toString(jobs.inFlightTtl().toMillis()),
                digest.hex());
        return toAdmission(id, digest, scripts.runGrouped(Scripts.SUBMIT, keyList, args));
    }

    private static Admission toAdmission(JobId id, InputDigest digest, List<Object> reply) {
        String kind = (String) reply.get(0);
        return switch (kind) {
            case "accepted" -> new Admission.Accepted(id);
            case "cached" -> new Admission.Cached(id, (String) reply.get(2));
            case "joined" -> new Admission.Joined(JobId.parse((String) reply.get(1)));
            case "duplicate" -> new Admission.Duplicate(id, digest.hex().equals(reply.get(2)));
            case "rejected" -> new Admission.Rejected(id, Long.parseLong((String) reply.get(1)));
            default -> throw new IllegalStateException("submit script answered " + kind);
        };
    }

    @Override
    public Optional<JobView> find(JobId id) {
        return view(id, redis.hgetall(keys.job(id)));
    }

    /** One {@code HGETALL} per job, written to Redis together (a pipeline): a batch of reads is one round trip. */
    @Override
    public List<CompletionStage<Optional<JobView>>> findAllAsync(List<JobId> ids) {
        List<AsyncCommand<String, String, Map<String, String>>> reads =
                ids.stream().map(id -> hgetall(keys.job(id))).toList();
        connection.dispatch(reads);
        return IntStream.range(0, ids.size())
                .mapToObj(i -> reads.get(i).thenApply(hash -> view(ids.get(i), hash)))
                .collect(Collectors.toUnmodifiableList());
    }

    private static AsyncCommand<String, String, Map<String, String>> hgetall(String key) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(key);
        return new AsyncCommand<>(new Command<>(CommandType.HGETALL, new MapOutput<>(StringCodec.UTF8), args));
    }

    private static Optional<JobView> view(JobId id, Map<String, String> hash) {
        return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(JobView.fromHash(id, hash));
    }

    @Override
    public long backlog(ModelId model) {
        String value = redis.get(keys.backlog(model));
        return value == null ? 0 : Long.parseLong(value);
    }
}
