package io.inferyx.common.batch;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names the holders (workers, batchers, the sweeper) of one process: {@code <instance>-<role>}.
 * The instance part is the host name (or the pid when there is none) plus a random token, so a
 * restarted process never reuses the name, and with it the lease and held lists, of its previous
 * life. The instance part is shortened when needed so that every role still makes a valid
 * {@link HolderId}.
 */
public final class HolderIds {

    private static final int MAX_LENGTH = 100;
    private static final int MAX_HOST_LENGTH = 40;

    private final String instance;

    public HolderIds(String instance) {
        this.instance = sanitise(instance);
    }

    public static HolderIds forThisProcess() {
        String host = System.getenv("HOSTNAME");
        String name = host == null || host.isBlank() ? "pid" + ProcessHandle.current().pid() : host;
        byte[] token = new byte[3];
        new SecureRandom().nextBytes(token);
        String shortName = name.substring(0, Math.min(name.length(), MAX_HOST_LENGTH));
        return new HolderIds(shortName + "-" + HexFormat.of().formatHex(token));
    }

    /** The id of the holder playing {@code role} (e.g. {@code mock-w3}) in this process. */
    public HolderId holder(String role) {
        String suffix = "-" + sanitise(role);
        // roles carry model ids, which may be long: shorten the instance part, never the role
        String head = instance.substring(0, Math.min(instance.length(), MAX_LENGTH - suffix.length()));
        return new HolderId(head + suffix);
    }

    static String sanitise(String raw) {
        String safe = raw == null ? "" : raw.replaceAll("[^A-Za-z0-9._-]", "-");
        return safe.isEmpty() ? "worker" : safe;
    }
}
