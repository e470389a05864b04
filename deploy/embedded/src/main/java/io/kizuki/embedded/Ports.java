package io.kizuki.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Port helpers. */
public final class Ports {

    private Ports() {}

    /** A port nothing listens on right now. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port nothing listens on right now, outside the range the system takes the local ports of outgoing connections
     * from ({@code ip_local_port_range}): a port from {@link #free()} sits in that range, so a connection made by
     * anything on the machine between choosing it and listening on it (Keycloak's own to PostgreSQL while it starts)
     * may take it first. For ports chosen now and listened on later.
     */
    public static int unclaimed() {
        int[] outgoing = outgoingRange();
        boolean below = outgoing[0] - FIRST_UNCLAIMED >= 1_000;
        int from = below ? FIRST_UNCLAIMED : outgoing[1] + 1;
        int to = below ? outgoing[0] : 65_536;
        for (int tries = 0; tries < 1_000 && to - from >= 1_000; tries++) {
            int port = ThreadLocalRandom.current().nextInt(from, to);
            if (isFree(port)) {
                return port;
            }
        }
        return free();
    }

    /** Where {@link #unclaimed()} looks from, below the range of outgoing connections. */
    private static final int FIRST_UNCLAIMED = 20_000;

    /** The system's range of local ports for outgoing connections; Linux's default where it cannot be read. */
    private static int[] outgoingRange() {
        try {
            String[] range = firstLine(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim()
                    .split("\\s+");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999};
        }
    }

    /** A file's first line, read as a stream: a file of /proc says it holds nothing until it is read. */
    static String firstLine(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        }
    }

    /** Whether this port can be listened on, on loopback and on every address. */
    public static boolean isFree(int port) {
        for (InetAddress address : new InetAddress[] {InetAddress.getLoopbackAddress(), null}) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
