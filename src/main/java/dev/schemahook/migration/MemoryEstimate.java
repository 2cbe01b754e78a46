package dev.schemahook.migration;

/**
 * A rough estimate of the heap one SQL file needs: Flyway keeps the text of every statement it ran until the file is
 * done (FlywayFactory), and the largest statement must fit several times over (read, parsed, sent to the server).
 */
final class MemoryEstimate {
    /** Heap per byte of file: measured live heap while applying files of INSERTs (README, Memory). */
    static final double HEAP_PER_FILE_BYTE = 3.0;
    /** What the runner needs besides the file: Quarkus, Flyway and the driver. */
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
