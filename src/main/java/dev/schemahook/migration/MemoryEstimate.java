package dev.schemahook.migration;

/**
 * An upper bound of the heap one SQL file needs. Flyway streams a file statement by statement (FlywayFactory), so what
 * must fit is its largest statement and that statement's result, several times over (the text as read, as parsed, as
 * sent to the server); at worst the file is one statement.
 */
final class MemoryEstimate {
    /** Heap per byte of the largest statement: read (UTF-16, 2), parsed (2), encoded for the server (1). */
    static final double HEAP_PER_FILE_BYTE = 5.0;
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
