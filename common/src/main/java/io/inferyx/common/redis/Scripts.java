package io.inferyx.common.redis;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

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

    private final RedisAsyncCommands<String, String> async;

    public Scripts(StatefulRedisConnection<String, String> connection) {
        this.async = connection.async();
    }

    /**
     * Runs {@code script} and answers its reply as a list (integers as {@link Long}). Throws what
     * Lettuce's blocking API would: the command's own exception, or
     * {@link RedisCommandInterruptedException} when the caller is interrupted.
     */
    public List<Object> run(LuaScript script, List<String> keys, List<String> args) {
        // An untimed wait: Lettuce's command timeout (TimeoutOptions, on by default) still ends it.
        // The blocking API's timed wait would cost a virtual thread two hand-offs to the JDK's
        // timer thread, to arm and to cancel the timer, on every request the API admits.
        try {
            return runAsync(script, keys, args).get();
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
        CompletableFuture<List<Object>> bySha = async.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, k, a)
                .toCompletableFuture();
        return bySha.exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
                ? async.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, k, a).toCompletableFuture()
                : CompletableFuture.failedFuture(unwrap(e)));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
