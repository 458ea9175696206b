package io.inferyx.common.redis;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.testing.RedisFixture;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ScriptsIT {

    private final RedisFixture redis = new RedisFixture();
    private final List<String> submitKeys = List.of(redis.keys.queue(ModelId.of("mock")),
            redis.keys.prefix() + "s:backlog", redis.keys.prefix() + "s:job", redis.keys.prefix() + "s:cache",
            redis.keys.prefix() + "s:inflight");

    @AfterEach
    void close() {
        redis.close();
    }

    private List<String> submitArgs(String id) {
        return List.of("mock", "100", "60000", "queued", "done", "60000", id, "{}", "digest");
    }

    @Test
    void runsAScriptFromItsSourceWhenRedisHasForgottenIt() {
        redis.redis.scriptFlush();

        List<Object> reply = redis.scripts.run(Scripts.SUBMIT, submitKeys, submitArgs("job-1"));

        assertThat(reply).containsExactly("admitted", List.of("accepted", "job-1"));
    }

    @Test
    void aGroupedRunAlsoFallsBackToTheSourceWhenRedisHasForgottenTheScript() {
        redis.redis.scriptFlush();

        List<Object> reply = redis.scripts.runGrouped(Scripts.SUBMIT, submitKeys, submitArgs("job-3"));

        assertThat(reply).containsExactly("admitted", List.of("accepted", "job-3"));
    }

    @Test
    void anErrorInAGroupedScriptSurfacesAsRedisAnswerIt() {
        assertThatThrownBy(() -> redis.scripts.runGrouped(Scripts.SUBMIT, submitKeys, List.of("too", "few")))
                .isInstanceOf(RedisCommandExecutionException.class);
    }

    @Test
    void anErrorInTheScriptSurfacesAsRedisAnswerIt() {
        assertThatThrownBy(() -> redis.scripts.run(Scripts.SUBMIT, submitKeys, List.of("too", "few")))
                .isInstanceOf(RedisCommandExecutionException.class);
    }

    @Test
    void aCallerInterruptedWhileItsReplyIsHeldUpStopsWaitingAtOnce() {
        // replies on a connection come in order: a 3 s BLPOP sent first holds the script's reply back
        redis.connections().shared().async().blpop(3, redis.keys.prefix() + "s:never");
        try {
            var caller = new CompletableFuture<Throwable>();
            Thread thread = Thread.ofVirtual().start(() -> {
                try {
                    redis.scripts.run(Scripts.SUBMIT, submitKeys, submitArgs("job-2"));
                    caller.complete(null);
                } catch (RuntimeException e) {
                    caller.complete(e);
                }
            });
            await().until(() -> thread.getState() == Thread.State.WAITING);

            thread.interrupt();

            assertThat(caller).succeedsWithin(1, TimeUnit.SECONDS)
                    .isInstanceOf(RedisCommandInterruptedException.class);
        } finally {
            await().atMost(10, TimeUnit.SECONDS).until(() -> "PONG".equals(redis.connections().shared().sync().ping()));
        }
    }
}
