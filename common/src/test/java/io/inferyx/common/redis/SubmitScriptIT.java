package io.inferyx.common.redis;

import io.inferyx.common.job.Admission;
import io.inferyx.common.job.InputDigest;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobView;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitScriptIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private final RedisFixture redis = new RedisFixture().withMaxQueueSize(2);
    private final RedisJobStore store = redis.jobStore();

    @AfterEach
    void close() {
        redis.close();
    }

    private Admission submit(String input) {
        return store.submit(new Submission(JobId.random(MOCK), input));
    }

    @Test
    void acceptsAJobAndQueuesIt() {
        Admission admission = submit("hello");

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
        assertThat(redis.redis.lrange(redis.keys.queue(MOCK), 0, -1)).containsExactly(admission.id().toString());
        assertThat(store.backlog(MOCK)).isEqualTo(1);
        JobView view = store.find(admission.id()).orElseThrow();
        assertThat(view.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(view.attempts()).isZero();
        assertThat(view.submittedAt()).isNotNull();
    }

    @Test
    void rejectsWhenTheBacklogIsFullAndWritesNothing() {
        submit("a");
        submit("b");

        Admission third = submit("c");

        assertThat(third).isEqualTo(new Admission.Rejected(third.id(), 2));
        assertThat(redis.redis.llen(redis.keys.queue(MOCK))).isEqualTo(2);
        assertThat(store.find(third.id())).isEmpty();
        assertThat(redis.redis.exists(redis.keys.inFlight(MOCK, InputDigest.of("c")))).isZero();
        assertThat(store.backlog(MOCK)).isEqualTo(2);
    }

    @Test
    void joinsAnIdenticalJobInFlightInsteadOfQueueingAnother() {
        Admission first = submit("same");

        Admission second = submit("same");

        assertThat(second).isEqualTo(new Admission.Joined(first.id()));
        assertThat(redis.redis.llen(redis.keys.queue(MOCK))).isEqualTo(1);
        assertThat(store.backlog(MOCK)).isEqualTo(1);
    }

    @Test
    void joinsAnIdenticalJobInFlightEvenWhenTheBacklogIsFull() {
        Admission first = submit("same");
        submit("other");

        Admission joiner = submit("same");

        assertThat(joiner).isEqualTo(new Admission.Joined(first.id()));
        assertThat(store.backlog(MOCK)).isEqualTo(2);
    }

    @Test
    void theInFlightMarkerNamesTheJobAndExpires() {
        Admission first = submit("marked");

        String marker = redis.keys.inFlight(MOCK, InputDigest.of("marked"));
        assertThat(redis.redis.get(marker)).isEqualTo(first.id().toString());
        assertThat(redis.redis.pttl(marker)).isPositive();
    }

    @Test
    void servesACachedResultAsAFinishedJob() {
        redis.redis.set(redis.keys.cache(MOCK, InputDigest.of("hi")), "\"[mock] HI\"");

        Admission admission = submit("hi");

        assertThat(admission).isInstanceOf(Admission.Cached.class);
        assertThat(((Admission.Cached) admission).result()).isEqualTo("\"[mock] HI\"");
        JobView view = store.find(admission.id()).orElseThrow();
        assertThat(view.status()).isEqualTo(JobStatus.DONE);
        assertThat(view.cached()).isTrue();
        assertThat(redis.redis.pttl(redis.keys.job(admission.id()))).isPositive();
        assertThat(redis.redis.llen(redis.keys.queue(MOCK))).isZero();
        assertThat(store.backlog(MOCK)).isZero();
    }

    @Test
    void answersDuplicateForAnIdThatExistsAndWritesNothingNew() {
        JobId id = JobId.random(MOCK);
        store.submit(new Submission(id, "once"));

        Admission again = store.submit(new Submission(id, "once"));
        Admission other = store.submit(new Submission(id, "something else"));

        assertThat(again).isEqualTo(new Admission.Duplicate(id, true));
        assertThat(other).isEqualTo(new Admission.Duplicate(id, false));
        assertThat(redis.redis.llen(redis.keys.queue(MOCK))).isEqualTo(1);
        assertThat(store.backlog(MOCK)).isEqualTo(1);
    }

    @Test
    void recognisesAReplayOfACachedAnswer() {
        redis.redis.set(redis.keys.cache(MOCK, InputDigest.of("hi")), "\"[mock] HI\"");
        JobId id = JobId.derived(MOCK, "client", "key-1");
        store.submit(new Submission(id, "hi"));

        assertThat(store.submit(new Submission(id, "hi"))).isEqualTo(new Admission.Duplicate(id, true));
    }

    @Test
    void storesInputsWithAnyCharactersVerbatim() {
        String input = "naïve \"quotes\" {braces} * : \n 日本語 " + "x".repeat(5000);
        Admission admission = submit(input);

        assertThat(redis.redis.hget(redis.keys.job(admission.id()), "input")).isEqualTo(input);
    }

    private List<Admission> submitAll(String... inputs) {
        return store.submitAll(Stream.of(inputs).map(input -> new Submission(JobId.random(MOCK), input)).toList());
    }

    private List<String> queued() {
        return redis.redis.lrange(redis.keys.queue(MOCK), 0, -1);
    }

    @Test
    void admitsTheInputsOfOneRequestAsOneJobEachInOrder() {
        List<Admission> admitted = submitAll("a", "b");

        assertThat(admitted).allMatch(a -> a instanceof Admission.Accepted);
        // LPUSH: the queue's right end, where the batcher takes from, holds the first input
        assertThat(queued()).containsExactly(admitted.get(1).id().toString(), admitted.get(0).id().toString());
        assertThat(store.backlog(MOCK)).isEqualTo(2);
        assertThat(redis.redis.hget(redis.keys.job(admitted.get(1).id()), "input")).isEqualTo("b");
    }

    @Test
    void refusesTheWholeRequestWhenTheBacklogHasNoRoomForAllItsNewJobsAndWritesNothing() {
        submit("first");

        List<Admission> refused = submitAll("a", "b");

        assertThat(refused).containsExactly(new Admission.Rejected(refused.get(0).id(), 1),
                new Admission.Rejected(refused.get(1).id(), 1));
        assertThat(queued()).hasSize(1);
        assertThat(store.backlog(MOCK)).isEqualTo(1);
        assertThat(store.find(refused.get(0).id())).isEmpty();
        assertThat(redis.redis.exists(redis.keys.inFlight(MOCK, InputDigest.of("a")))).isZero();
    }

    @Test
    void aRepeatedInputJoinsItsFirstOccurrenceAndNeedsNoRoom() {
        List<Admission> admitted = submitAll("same", "other", "same");

        assertThat(admitted.get(0)).isInstanceOf(Admission.Accepted.class);
        assertThat(admitted.get(2)).isEqualTo(new Admission.Joined(admitted.get(0).id()));
        assertThat(queued()).hasSize(2);
        assertThat(store.backlog(MOCK)).isEqualTo(2);
    }

    @Test
    void cachedInputsAndInputsInFlightNeedNoRoomInAFullBacklog() {
        Admission inFlight = submit("x");
        submit("y");
        redis.redis.set(redis.keys.cache(MOCK, InputDigest.of("hi")), "\"[mock] HI\"");

        List<Admission> admitted = submitAll("hi", "x");

        assertThat(admitted.get(0)).isInstanceOf(Admission.Cached.class);
        assertThat(admitted.get(1)).isEqualTo(new Admission.Joined(inFlight.id()));
        assertThat(store.find(admitted.get(0).id()).orElseThrow().status()).isEqualTo(JobStatus.DONE);
        assertThat(store.backlog(MOCK)).isEqualTo(2);
    }

    @Test
    void aReplayedRequestIsADuplicateInputByInputAndItsNewInputsAreAdmitted() {
        List<JobId> ids = keyed(2);
        store.submitAll(List.of(new Submission(ids.get(0), "a")));

        List<Admission> same = store.submitAll(List.of(new Submission(ids.get(0), "a")));
        List<Admission> longer = store.submitAll(List.of(new Submission(ids.get(0), "a"), new Submission(ids.get(1), "b")));

        assertThat(same).containsExactly(new Admission.Duplicate(ids.get(0), true));
        assertThat(longer).containsExactly(new Admission.Duplicate(ids.get(0), true), new Admission.Accepted(ids.get(1)));
        assertThat(store.backlog(MOCK)).isEqualTo(2);
    }

    @Test
    void aReplayWhoseInputsJoinedOtherJobsIsNoConflict() {
        Admission elsewhere = submit("y");
        List<JobId> ids = keyed(3);
        List<Submission> request = List.of(new Submission(ids.get(0), "x"), new Submission(ids.get(1), "x"),
                new Submission(ids.get(2), "y"));
        store.submitAll(request);

        List<Admission> again = store.submitAll(request);

        // the joined inputs have no job of their own: sent again, they join again
        assertThat(again).containsExactly(new Admission.Duplicate(ids.get(0), true), new Admission.Joined(ids.get(0)),
                new Admission.Joined(elsewhere.id()));
        assertThat(store.backlog(MOCK)).isEqualTo(2);
    }

    @Test
    void aKeyReusedForAnotherInputRefusesTheWholeRequestAndWritesNothing() {
        List<JobId> ids = keyed(2);
        store.submitAll(List.of(new Submission(ids.get(0), "a")));

        List<Admission> other = store.submitAll(List.of(new Submission(ids.get(0), "not a"), new Submission(ids.get(1), "b")));

        assertThat(other).containsExactly(new Admission.Duplicate(ids.get(0), false), new Admission.Duplicate(ids.get(1), false));
        assertThat(store.find(ids.get(1))).isEmpty();
        assertThat(store.backlog(MOCK)).isEqualTo(1);
    }

    /** The ids an idempotency key gives the inputs of a request, place by place. */
    private static List<JobId> keyed(int inputs) {
        return IntStream.range(0, inputs).mapToObj(i -> JobId.derived(MOCK, "client", "k " + i)).toList();
    }
}
