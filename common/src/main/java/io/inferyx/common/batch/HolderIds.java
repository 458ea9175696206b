package io.inferyx.common.batch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** Names holders uniquely per process start: {@code <host>-<pid>-<random>-<role>}. */
public final class HolderIds {

    private static final String PROCESS = host() + "-" + ProcessHandle.current().pid() + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));

    private HolderIds() {
    }

    public static HolderId of(String role) {
        return new HolderId(PROCESS + "-" + role);
    }

    private static String host() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
            return name.length() > 40 ? name.substring(0, 40) : name;
        } catch (UnknownHostException e) {
            return "host";
        }
    }
}
