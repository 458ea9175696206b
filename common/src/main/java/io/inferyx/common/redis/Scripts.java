package io.inferyx.common.redis;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The scripts of Inferyx, one per atomic move, run by SHA with a fallback to the full source
 * when Redis answers {@code NOSCRIPT} (after a restart or a {@code SCRIPT FLUSH}).
 */
public final class Scripts {

    public static final LuaScript SUBMIT = LuaScript.load("submit");
    public static final LuaScript FILL = LuaScript.load("fill");
    public static final LuaScript SEAL = LuaScript.load("seal");
    public static final LuaScript START = LuaScript.load("start");
    public static final LuaScript FINISH = LuaScript.load("finish");
    public static final LuaScript PROMOTE = LuaScript.load("promote");
    public static final LuaScript RECOVER = LuaScript.load("recover");
    public static final LuaScript LEAD = LuaScript.load("lead");

    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> async;
    private final GroupedWrites grouped;

    public Scripts(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
        this.async = connection.async();
        this.grouped = new GroupedWrites(connection);
    }

    /**
     * Runs {@code script} and answers its reply as a list (integers as {@link Long}). Throws what
     * Lettuce's blocking API would: the command's own exception, or
     * {@link RedisCommandInterruptedException} when the caller is interrupted.
     */
    public List<Object> run(LuaScript script, List<String> keys, List<String> args) {
        return await(runAsync(script, keys, args));
    }

    /**
     * As {@link #run}, but the script is written together with the others that callers send
     * while an earlier group's replies are awaited ({@link GroupedWrites}): for a script that many
     * threads run at once, such as the API's admission. Scripts run this way keep their order
     * among themselves, not with those sent by {@link #runAsync}.
     */
    public List<Object> runGrouped(LuaScript script, List<String> keys, List<String> args) {
        String[] k = keys.toArray(String[]::new);
        String[] a = args.toArray(String[]::new);
        return await(withSourceFallback(grouped.send(bySha(script, k, a)), script, k, a));
    }

    /**
     * {@code EVALSHA} with each argument handed to Lettuce as UTF-8 bytes. Why not as strings:
     * Lettuce then encodes each string char by char into a direct buffer, and where Netty runs
     * without {@code Unsafe} (its default on Java 24 and later) every char is a checked buffer
     * access; a worker's finish carries a batch of results (4.7 KB each for minilm), and that
     * encoding was a third of its event loop's CPU. Bytes are copied whole.
     */
    private static AsyncCommand<String, String, List<Object>> bySha(LuaScript script, String[] k, String[] a) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(script.sha()).add(k.length)
                .addKeys(k);
        for (String value : a) {
            args.add(value.getBytes(StandardCharsets.UTF_8));
        }
        return new AsyncCommand<>(new Command<>(CommandType.EVALSHA, new NestedMultiOutput<>(StringCodec.UTF8), args));
    }

    private static List<Object> await(CompletableFuture<List<Object>> reply) {
        // An untimed wait: Lettuce's command timeout (TimeoutOptions, on by default) still ends it.
        // The blocking API's timed wait would cost a virtual thread two hand-offs to the JDK's
        // timer thread, to arm and to cancel the timer, on every request the API admits.
        try {
            return reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new RedisException(e.getCause());
        }
    }

    /**
     * Sends {@code script} without waiting for its reply. Commands sent afterwards on the same
     * connection run after it, and their replies come after its reply.
     */
    public CompletableFuture<List<Object>> runAsync(LuaScript script, List<String> keys, List<String> args) {
        String[] k = keys.toArray(String[]::new);
        String[] a = args.toArray(String[]::new);
        AsyncCommand<String, String, List<Object>> command = bySha(script, k, a);
        connection.dispatch(command);
        return withSourceFallback(command, script, k, a);
    }

    private CompletableFuture<List<Object>> withSourceFallback(CompletableFuture<List<Object>> bySha, LuaScript script,
                                                               String[] k, String[] a) {
        return bySha.exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
                ? async.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, k, a).toCompletableFuture()
                : CompletableFuture.failedFuture(unwrap(e)));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
