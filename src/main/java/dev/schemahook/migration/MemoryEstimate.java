package dev.schemahook.migration;

/**
 * How much memory applying one SQL file takes, from measurements (README, "Memory"): Flyway parses the whole file into
 * statements before it runs the first one, and holds them until the file is done.
 */
final class MemoryEstimate {
    /** Heap per byte of migration file, measured on files of INSERTs (see README). */
    static final double HEAP_PER_FILE_BYTE = 6.0;
    /** What the runner needs besides the file. */
    static final long BASE_HEAP_MB = 40;
    /** The JVM image's -XX:MaxRAMPercentage (src/main/docker/jvm.options). */
    static final double MAX_RAM_PERCENTAGE = 70.0;

    private MemoryEstimate() {
    }

    static long heapMb(long fileBytes) {
        return BASE_HEAP_MB + (long) Math.ceil(fileBytes * HEAP_PER_FILE_BYTE / (1 << 20));
    }

    /** The container memory limit that gives that heap, rounded up to 64Mi. */
    static long limitMi(long heapMb) {
        long limit = (long) Math.ceil(heapMb * 100 / MAX_RAM_PERCENTAGE);
        return (limit + 63) / 64 * 64;
    }
}
