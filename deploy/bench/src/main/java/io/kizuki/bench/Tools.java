package io.kizuki.bench;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** The load tools the harness needs from Debian's packages, and a few facts about this machine. */
public final class Tools {

    private static final List<String> PACKAGES = List.of("wrk", "prometheus-alertmanager");
    private static final List<String> BINARIES = List.of("wrk", Alertmanager.BINARY);

    private Tools() {}

    /** Makes sure wrk and Alertmanager are installed: installs the Debian packages when missing and run as root. */
    static void require() {
        require("the benchmark", PACKAGES, BINARIES);
    }

    /**
     * Makes sure the binaries are on the PATH: installs the Debian packages that provide them when one is missing and
     * this runs as root, or says what to install.
     */
    public static synchronized void require(String who, List<String> packages, List<String> binaries) {
        List<String> missing =
                binaries.stream().filter(binary -> !onPath(binary)).toList();
        if (missing.isEmpty()) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(
                    who + " needs " + missing + ": sudo apt-get install -y " + String.join(" ", packages));
        }
        System.out.println("Installing " + packages + " from Debian's packages for " + who + "…");
        exec(List.of("apt-get", "update", "-qq"));
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(packages);
        exec(install);
        List<String> still = binaries.stream().filter(binary -> !onPath(binary)).toList();
        if (!still.isEmpty()) {
            throw new IllegalStateException("installing " + packages + " did not provide " + still);
        }
    }

    /** Resident memory of a process in KiB (Linux), or 0 when it cannot be read. */
    static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /**
     * How long ago a process started (Linux: the system's uptime against the process's start, both counted from the
     * boot, to 10 ms).
     */
    static Duration processAge(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command, which is in parentheses and may hold spaces: the 22nd, starttime, is the
            // 20th of them, in clock ticks (USER_HZ, 100 on Linux)
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startedMillis = Long.parseLong(fields[19]) * 10;
            String uptime = Files.readString(Path.of("/proc/uptime")).split(" ")[0];
            long uptimeMillis = new BigDecimal(uptime).movePointRight(3).longValueExact();
            return Duration.ofMillis(uptimeMillis - startedMillis);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read how long process " + pid + " has been running", e);
        }
    }

    /** Cores, memory and JDK, for the head of the results. */
    static String machine() {
        long memoryGib = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memoryGib = Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            memoryGib = 0;
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + memoryGib + " GiB, Java "
                + System.getProperty("java.version");
    }

    /**
     * The share of all the machine's cores that was busy over {@code window} (Linux: {@code /proc/stat}'s first line
     * read before and after it; idle and waiting for I/O count as not busy), from 0 to 1.
     */
    static double busyShare(Duration window) {
        long[] before = cpuTimes();
        pause(window);
        long[] after = cpuTimes();
        long total = after[0] - before[0];
        return total <= 0 ? 0 : (double) ((after[0] - after[1]) - (before[0] - before[1])) / total;
    }

    /** The machine's CPU time since the boot: {all, idle or waiting for I/O}, in clock ticks. */
    private static long[] cpuTimes() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long all = 0;
            // user nice system idle iowait irq softirq steal (guest time is counted in user already)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                all += Long.parseLong(fields[i]);
            }
            return new long[] {all, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the machine's CPU times from /proc/stat", e);
        }
    }

    /** Waits a moment in a polling loop of the harness (not a test). */
    static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    private static boolean onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    private static void exec(List<String> command) {
        try {
            var builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
