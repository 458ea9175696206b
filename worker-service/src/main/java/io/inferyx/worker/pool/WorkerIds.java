package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.job.ModelId;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names workers {@code <instance>-<model>-w<n>}. The instance part is the host name (or the pid
 * when there is none) plus a random token, so a restarted process never reuses the name, and
 * with it the lease and processing list, of its previous life. Unlike the shared
 * {@link io.inferyx.common.batch.HolderIds}, it shortens the instance part so that any valid
 * model id still makes a valid holder id.
 */
public final class WorkerIds {

    private static final int MAX_LENGTH = 100;
    private static final int MAX_HOST_LENGTH = 40;

    private final String instance;

    public WorkerIds(String instance) {
        this.instance = sanitise(instance);
    }

    public static WorkerIds forThisProcess() {
        String host = System.getenv("HOSTNAME");
        String name = host == null || host.isBlank() ? "pid" + ProcessHandle.current().pid() : host;
        byte[] token = new byte[3];
        new SecureRandom().nextBytes(token);
        String shortName = name.substring(0, Math.min(name.length(), MAX_HOST_LENGTH));
        return new WorkerIds(shortName + "-" + HexFormat.of().formatHex(token));
    }

    /** The id of the {@code n}th worker of {@code model} in this process. */
    public HolderId worker(ModelId model, int n) {
        String suffix = "-" + model.value() + "-w" + n;
        // model ids may be long: shorten the instance part, never the distinguishing suffix
        String head = instance.substring(0, Math.min(instance.length(), MAX_LENGTH - suffix.length()));
        return new HolderId(head + suffix);
    }

    static String sanitise(String raw) {
        String safe = raw == null ? "" : raw.replaceAll("[^A-Za-z0-9._-]", "-");
        return safe.isEmpty() ? "worker" : safe;
    }
}
