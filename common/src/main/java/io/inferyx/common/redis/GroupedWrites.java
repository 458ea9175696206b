package io.inferyx.common.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.protocol.AsyncCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends the commands of many threads on one connection the way a database commits a group:
 * while the replies of one group are awaited, the commands sent meanwhile gather, and go out
 * together, in one write, when the last reply of that group arrives. A command sent while none
 * is awaited goes out at once.
 *
 * <p>Why: each write from a thread outside the connection's event loop wakes that loop, and each
 * command read alone wakes Redis and then the loop again. When requests arrive in bursts (a
 * batch of results goes out, its clients send their next requests together), a group costs
 * those wake-ups once instead of once per command. The price is at most one round trip of delay
 * for a command that arrives while a group is out.
 *
 * <p>Commands go out in the order they were sent. Every command completes (Lettuce's command
 * timeout ends one that Redis never answers), so a group never holds the ones behind it for
 * longer than that timeout.
 */
final class GroupedWrites {

    private final StatefulConnection<String, String> connection;
    private final Queue<AsyncCommand<String, String, ?>> gathering = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean awaiting = new AtomicBoolean();
    private final LongAdder groups = new LongAdder();

    GroupedWrites(StatefulConnection<String, String> connection) {
        this.connection = connection;
    }

    /**
     * Sends {@code command} with the next group; answers it, to wait on. While the connection is
     * down it is handed to Lettuce at once: a client set to reject commands while disconnected
     * then fails it at once, instead of behind a group whose replies may never come.
     */
    <T> AsyncCommand<String, String, T> send(AsyncCommand<String, String, T> command) {
        if (!connection.isOpen()) {
            connection.dispatch(command);
            return command;
        }
        gathering.add(command);
        writeUnlessAwaiting();
        return command;
    }

    /** How many groups were written so far. */
    long groupsWritten() {
        return groups.sum();
    }

    // The sender adds, then checks; the reply clears, then checks: one of the two always sees a
    // gathered command, so none is left behind.
    private void writeUnlessAwaiting() {
        while (!gathering.isEmpty() && awaiting.compareAndSet(false, true)) {
            List<AsyncCommand<String, String, ?>> group = drain();
            if (group.isEmpty()) {
                awaiting.set(false);
                continue;
            }
            groups.increment();
            group.getLast().whenComplete((reply, error) -> {
                awaiting.set(false);
                writeUnlessAwaiting();
            });
            connection.dispatch(group);
            return;
        }
    }

    private List<AsyncCommand<String, String, ?>> drain() {
        List<AsyncCommand<String, String, ?>> group = new ArrayList<>();
        for (AsyncCommand<String, String, ?> next; (next = gathering.poll()) != null; ) {
            group.add(next);
        }
        return group;
    }
}
