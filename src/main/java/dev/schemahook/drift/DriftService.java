package dev.schemahook.drift;

import dev.schemahook.database.Connections;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.api.MigrationVersion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;

/** Compares a live database, read-only, with the snapshot {@code verify} wrote for the same migrations. */
public final class DriftService {
    private final Connections connections;

    public DriftService(Connections connections) {
        this.connections = connections;
    }

    /** Whether the database's version is newer than the snapshot's, in Flyway's order of versions. */
    private static boolean ahead(String database, String snapshot) {
        try {
            return database != null && !database.isEmpty() && (snapshot == null || snapshot.isEmpty()
                    || MigrationVersion.fromVersion(database).isNewerThan(snapshot));
        } catch (RuntimeException notAVersion) {
            return false;
        }
    }

    /**
     * Reads the database and compares. A database at another version than the snapshot's would show every later
     * migration as drift: that is exit 13 with both versions, not a list of differences.
     */
    public DriftResult drift(Path snapshotFile, String table, IgnorePatterns ignored) {
        SchemaSnapshot expected = SnapshotFile.read(snapshotFile);
        SchemaSnapshot actual = new CatalogReader(connections).read(expected.schemas(), table);
        if (!expected.schemaVersion().equals(actual.schemaVersion())) {
            throw new SchemahookException(ExitCode.NOT_AT_SNAPSHOT_VERSION, "database " + connections.settings()
                    + " is at version " + shown(actual.schemaVersion()) + ", snapshot " + snapshotFile + " describes"
                    + " version " + shown(expected.schemaVersion()) + "; " + (ahead(actual.schemaVersion(),
                    expected.schemaVersion()) ? "a newer release migrated it (or a rollback kept its schema): compare"
                    + " with the snapshot of the release that migrated it" : "migrate the database first, or compare"
                    + " with the snapshot of the release it runs"));
        }
        SchemaSnapshot wanted = expected.without(ignored);
        SchemaSnapshot found = actual.without(ignored);
        TreeSet<String> ids = new TreeSet<>(wanted.objects().keySet());
        ids.addAll(found.objects().keySet());
        return new DriftResult(snapshotFile.toString(), connections.settings().display(), expected.schemaVersion(),
                ids.size(), ignored.globs(), compare(wanted.objects(), found.objects()));
    }

    /** Each difference; one of an object whose table is itself missing or unexpected is that table's, not repeated. */
    static List<Difference> compare(SortedMap<String, SortedMap<String, String>> expected,
                                    SortedMap<String, SortedMap<String, String>> actual) {
        TreeSet<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        List<Difference> differences = new ArrayList<>();
        for (String id : ids) {
            SortedMap<String, String> want = expected.get(id);
            SortedMap<String, String> have = actual.get(id);
            if (want == null || have == null) {
                String parent = (want == null ? have : want).get(SchemaSnapshot.PARENT);
                boolean parentAlsoGone = parent != null && (want == null ? !expected.containsKey(parent)
                        : !actual.containsKey(parent));
                if (!parentAlsoGone) {
                    differences.add(new Difference(want == null ? Difference.Kind.UNEXPECTED : Difference.Kind.MISSING,
                            id, null, null, null));
                }
                continue;
            }
            TreeSet<String> attributes = new TreeSet<>(want.keySet());
            attributes.addAll(have.keySet());
            for (String attribute : attributes) {
                if (!Objects.equals(want.get(attribute), have.get(attribute))) {
                    differences.add(new Difference(Difference.Kind.CHANGED, id, attribute, want.get(attribute),
                            have.get(attribute)));
                }
            }
        }
        return differences;
    }

    private static String shown(String version) {
        return version.isEmpty() ? "<empty> (no migration applied)" : version;
    }

}
