package dev.schemahook.drift;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A description of the managed schemas: every object by its id ({@code kind name}, e.g. {@code column public.todo.title})
 * with its attributes as text. Sorted throughout, so that two snapshots of the same schema are the same bytes.
 *
 * @param schemaVersion the highest version applied successfully, as Flyway reports it; empty when none is
 * @param schemas the schemas described
 * @param objects attributes of each object, by id
 */
public record SchemaSnapshot(String schemaVersion, List<String> schemas, SortedMap<String, SortedMap<String, String>> objects) {
    /** The snapshot file's format; a reader refuses any other. */
    public static final int FORMAT = 1;
    /** The attribute of columns, constraints, indexes and triggers that names the id of the relation they belong to. */
    public static final String PARENT = "on";

    public SchemaSnapshot {
        schemas = List.copyOf(schemas);
        SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>();
        objects.forEach((id, attributes) -> copy.put(id, Collections.unmodifiableSortedMap(new TreeMap<>(attributes))));
        objects = Collections.unmodifiableSortedMap(copy);
    }

    /** The kind of an object id: {@code column} of {@code column public.todo.title}. */
    public static String kind(String id) {
        return id.substring(0, id.indexOf(' '));
    }

    /** The name of an object id: {@code public.todo.title} of {@code column public.todo.title}. */
    public static String name(String id) {
        return id.substring(id.indexOf(' ') + 1);
    }

    /** The same snapshot without the objects {@code ignored} matches. */
    public SchemaSnapshot without(IgnorePatterns ignored) {
        SortedMap<String, SortedMap<String, String>> kept = new TreeMap<>();
        for (Map.Entry<String, SortedMap<String, String>> object : objects.entrySet()) {
            if (!ignored.matches(object.getKey(), object.getValue())) {
                kept.put(object.getKey(), object.getValue());
            }
        }
        return new SchemaSnapshot(schemaVersion, schemas, kept);
    }
}
