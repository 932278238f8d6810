package dev.shortener.benchmark;

import java.lang.management.ManagementFactory;

/** The CPU time of this whole process (all threads, user + system), as the operating system counts it. */
final class CpuTime {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuTime() {
    }

    /** Nanoseconds of CPU used by the process so far. */
    static long processNanos() {
        return OS.getProcessCpuTime();
    }
}
