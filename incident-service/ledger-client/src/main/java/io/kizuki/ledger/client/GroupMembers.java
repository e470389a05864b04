package io.kizuki.ledger.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The names service instances are static members of their consumer groups under ({@code group.instance.id}): a prefix,
 * the host's name and the instance's HTTP port, which no other running instance shares and which an instance started
 * again on the same host keeps. A static member started again after a {@code kill -9} takes its partitions back as
 * soon as it joins, instead of the group waiting for the killed process's session to time out and rebalancing.
 */
public final class GroupMembers {

    /** Kafka's longest group instance id. */
    static final int MAX_LENGTH = 249;

    private GroupMembers() {}

    /**
     * The member's name, with only the characters Kafka takes in one (letters, digits, {@code .}, {@code _},
     * {@code -}; others become {@code _}), cut from the front to Kafka's 249; none on port 0 (a port chosen at start,
     * not a name).
     */
    public static Optional<String> name(String prefix, String host, int port) {
        if (port == 0) {
            return Optional.empty();
        }
        String name = prefix + "-" + legal(host) + "-" + port;
        return Optional.of(name.length() <= MAX_LENGTH ? name : name.substring(name.length() - MAX_LENGTH));
    }

    /**
     * The host's name with only the characters Kafka takes in a member's name: {@code KIZUKI_HOST_NAME} if set, else a
     * container's {@code HOSTNAME} (the pod's name in Kubernetes), else what the system resolves its own address to.
     */
    public static String hostName() {
        for (String variable : List.of("KIZUKI_HOST_NAME", "HOSTNAME")) {
            String env = System.getenv(variable);
            if (env != null && !env.isBlank()) {
                return legal(env);
            }
        }
        try {
            return legal(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String legal(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
