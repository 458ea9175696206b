package io.inferyx.common.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupedWritesTest {

    /** A connection that records what is dispatched and never answers. */
    private static final class SilentConnection {
        final List<RedisCommand<?, ?, ?>> dispatched = new ArrayList<>();
        boolean open = true;

        @SuppressWarnings("unchecked")
        StatefulConnection<String, String> proxy() {
            return (StatefulConnection<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {StatefulConnection.class}, (self, method, args) -> switch (method.getName()) {
                        case "isOpen" -> open;
                        case "dispatch" -> {
                            if (args[0] instanceof Collection<?> many) {
                                many.forEach(c -> dispatched.add((RedisCommand<?, ?, ?>) c));
                            } else {
                                dispatched.add((RedisCommand<?, ?, ?>) args[0]);
                            }
                            yield args[0];
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static AsyncCommand<String, String, Long> incr() {
        return new AsyncCommand<>(new Command<>(CommandType.INCR, new IntegerOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey("counter")));
    }

    @Test
    void whileAGroupIsAwaitedLaterCommandsGather() {
        SilentConnection connection = new SilentConnection();
        GroupedWrites grouped = new GroupedWrites(connection.proxy());

        var first = grouped.send(incr());
        grouped.send(incr());

        assertThat(connection.dispatched).containsExactly(first);
    }

    @Test
    void whileTheConnectionIsDownACommandIsHandedOverAtOnceNotGatheredBehindAnUnansweredGroup() {
        SilentConnection connection = new SilentConnection();
        GroupedWrites grouped = new GroupedWrites(connection.proxy());
        var unanswered = grouped.send(incr());

        connection.open = false;
        var duringOutage = grouped.send(incr());

        assertThat(connection.dispatched).containsExactly(unanswered, duringOutage);
    }
}
