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
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.KeyValueListOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@link JobStore} on Redis: admission is one script per request, reads are one {@code HMGET}. */
public final class RedisJobStore implements JobStore {

    /** What a read needs of a job hash: not its input, which may be long, nor the pipeline's bookkeeping. */
    private static final String[] VIEW_FIELDS = JobView.FIELDS.toArray(String[]::new);

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
    public List<Admission> submitAll(List<Submission> submissions) {
        ModelId model = submissions.getFirst().model();
        List<String> keyList = new ArrayList<>(List.of(keys.queue(model), keys.backlog(model)));
        List<String> args = new ArrayList<>(List.of(model.value(), Integer.toString(queue.maxSize()),
                Long.toString(jobs.resultTtl().toMillis()), JobStatus.QUEUED.wire(), JobStatus.DONE.wire(),
                Long.toString(jobs.inFlightTtl().toMillis())));
        for (Submission submission : submissions) {
            if (!submission.model().equals(model)) {
                throw new IllegalArgumentException("the submissions of one request are for one model");
            }
            InputDigest digest = submission.digest();
            keyList.addAll(List.of(keys.job(submission.id()), keys.cache(model, digest), keys.inFlight(model, digest)));
            args.addAll(List.of(submission.id().toString(), submission.input(), digest.hex()));
        }
        return toAdmissions(submissions, scripts.runGrouped(Scripts.SUBMIT, keyList, args));
    }

    /** The script's answer for the whole request, or one answer per submission. */
    private static List<Admission> toAdmissions(List<Submission> submissions, List<Object> reply) {
        String kind = (String) reply.getFirst();
        return switch (kind) {
            case "admitted" -> IntStream.range(0, submissions.size())
                    .mapToObj(i -> admitted(submissions.get(i).id(), asList(reply.get(i + 1))))
                    .toList();
            case "rejected" -> submissions.stream()
                    .<Admission>map(s -> new Admission.Rejected(s.id(), Long.parseLong((String) reply.get(1))))
                    .toList();
            // a job id taken by another input: the key was reused, and nothing of the request written
            case "conflict" -> submissions.stream().<Admission>map(s -> new Admission.Duplicate(s.id(), false)).toList();
            default -> throw new IllegalStateException("submit script answered " + kind);
        };
    }

    private static Admission admitted(JobId id, List<Object> answer) {
        String kind = (String) answer.getFirst();
        return switch (kind) {
            case "accepted" -> new Admission.Accepted(id);
            case "cached" -> new Admission.Cached(id, (String) answer.get(2));
            case "joined" -> new Admission.Joined(JobId.parse((String) answer.get(1)));
            case "replayed" -> new Admission.Duplicate(id, true);
            default -> throw new IllegalStateException("submit script answered " + kind + " for one input");
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object nested) {
        return (List<Object>) nested;
    }

    @Override
    public Optional<JobView> find(JobId id) {
        return view(id, redis.hmget(keys.job(id), VIEW_FIELDS));
    }

    /** One {@code HMGET} per job, written to Redis together (a pipeline): a batch of reads is one round trip. */
    @Override
    public List<CompletionStage<Optional<JobView>>> findAllAsync(List<JobId> ids) {
        List<AsyncCommand<String, String, List<KeyValue<String, String>>>> reads =
                ids.stream().map(id -> hmget(keys.job(id))).toList();
        connection.dispatch(reads);
        return IntStream.range(0, ids.size())
                .mapToObj(i -> reads.get(i).thenApply(fields -> view(ids.get(i), fields)))
                .collect(Collectors.toUnmodifiableList());
    }

    private static AsyncCommand<String, String, List<KeyValue<String, String>>> hmget(String key) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(key).addKeys(VIEW_FIELDS);
        return new AsyncCommand<>(new Command<>(CommandType.HMGET,
                new KeyValueListOutput<>(StringCodec.UTF8, JobView.FIELDS), args));
    }

    /** Empty when the job hash does not exist: every hash the scripts write has a status. */
    private static Optional<JobView> view(JobId id, List<KeyValue<String, String>> fields) {
        Map<String, String> hash = new HashMap<>();
        fields.stream().filter(KeyValue::hasValue).forEach(field -> hash.put(field.getKey(), field.getValue()));
        return hash.containsKey("status") ? Optional.of(JobView.fromHash(id, hash)) : Optional.empty();
    }

    @Override
    public long backlog(ModelId model) {
        String value = redis.get(keys.backlog(model));
        return value == null ? 0 : Long.parseLong(value);
    }
}
