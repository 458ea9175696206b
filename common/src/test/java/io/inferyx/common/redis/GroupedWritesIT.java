package io.inferyx.common.redis;

import io.inferyx.common.testing.RedisFixture;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.KeyValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GroupedWritesIT {

    private final RedisFixture redis = new RedisFixture();
    private final StatefulRedisConnection<String, String> connection = redis.connections().dedicated();
    private final GroupedWrites grouped = new GroupedWrites(connection);
    private final String list = redis.keys.prefix() + "g:list";
    private final String counter = redis.keys.prefix() + "g:counter";
    private final String name = "grouped-writes-it-" + System.nanoTime();

    GroupedWritesIT() {
        connection.sync().clientSetname(name);
    }

    @AfterEach
    void close() {
        connection.close();
        redis.close();
    }

    private String ownClient() {
        return redis.redis.clientList().lines().filter(client -> client.contains(" name=" + name + " ")).findFirst()
                .orElseThrow();
    }

    private static AsyncCommand<String, String, Long> incr(String key) {
        return new AsyncCommand<>(new Command<>(CommandType.INCR, new IntegerOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey(key)));
    }

    private static AsyncCommand<String, String, KeyValue<String, String>> blpop(String key) {
        return new AsyncCommand<>(new Command<>(CommandType.BLPOP, new KeyValueOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey(key).add(10)));
    }

    @Test
    void commandsSentWhileAGroupIsAwaitedWaitForItsReplyThenGoOutTogether() {
        var held = grouped.send(blpop(list));
        List<AsyncCommand<String, String, Long>> gathered = IntStream.range(0, 5)
                .mapToObj(i -> grouped.send(incr(counter))).toList();

        // Redis reads what a blocked client sends into its query buffer: empty means nothing was written
        await().until(() -> ownClient().contains(" cmd=blpop "));
        assertThat(ownClient()).as("not written while the first group is awaited").contains(" qbuf=0 ");
        assertThat(grouped.groupsWritten()).isEqualTo(1);

        redis.redis.lpush(list, "go");

        assertThat(held.toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS);
        assertThat(gathered).extracting(c -> c.toCompletableFuture().join()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(grouped.groupsWritten()).isEqualTo(2);
    }

    @Test
    void aCommandSentWhileNoneIsAwaitedGoesOutAtOnce() {
        assertThat(grouped.send(incr(counter)).toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(1L);
        assertThat(grouped.send(incr(counter)).toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(2L);

        assertThat(grouped.groupsWritten()).isEqualTo(2);
    }

    @Test
    void anErrorInAGroupHoldsBackNeitherItsOtherCommandsNorTheNextGroup() {
        redis.redis.set(redis.keys.prefix() + "g:text", "not a number");
        var held = grouped.send(blpop(list));
        var failing = grouped.send(incr(redis.keys.prefix() + "g:text"));
        var fine = grouped.send(incr(counter));

        redis.redis.lpush(list, "go");

        assertThat(held.toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS);
        assertThat(failing.toCompletableFuture()).failsWithin(5, TimeUnit.SECONDS)
                .withThrowableThat().withCauseInstanceOf(RedisCommandExecutionException.class);
        assertThat(fine.toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(1L);
        assertThat(grouped.send(incr(counter)).toCompletableFuture()).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(2L);
    }

    @Test
    void manyThreadsSendingAtOnceLoseNoCommandAndKeepEachSendersOrder() throws Exception {
        int senders = 16;
        int each = 200;
        List<CompletableFuture<List<Long>>> replies = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < senders; s++) {
                replies.add(CompletableFuture.supplyAsync(() -> IntStream.range(0, each) // all sent, then awaited
                        .mapToObj(i -> grouped.send(incr(counter)).toCompletableFuture()).toList()
                        .stream().map(CompletableFuture::join).toList(), threads));
            }
            for (CompletableFuture<List<Long>> sender : replies) {
                assertThat(sender).succeedsWithin(30, TimeUnit.SECONDS)
                        .satisfies(values -> assertThat(values).isSorted().doesNotHaveDuplicates());
            }
        }

        assertThat(redis.redis.get(counter)).isEqualTo(Integer.toString(senders * each));
        assertThat(replies.stream().flatMap(r -> r.join().stream()).distinct().count()).isEqualTo(senders * each);
    }
}
