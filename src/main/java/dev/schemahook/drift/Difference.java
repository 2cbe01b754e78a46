package dev.schemahook.drift;

/**
 * One way the database differs from the snapshot.
 *
 * @param kind missing (in the snapshot, not in the database), unexpected (the reverse), or changed
 * @param object the object's id, e.g. {@code index public.todo_done_idx}
 * @param attribute the attribute that differs, for {@link Kind#CHANGED}; null otherwise
 * @param expected the snapshot's value; null when the snapshot has none
 * @param actual the database's value; null when the database has none
 */
public record Difference(Kind kind, String object, String attribute, String expected, String actual) {
    public enum Kind {
        MISSING,
        UNEXPECTED,
        CHANGED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
