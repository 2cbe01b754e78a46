package dev.schemahook.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A migrations folder as a user mounts it, the history earlier releases left in the database, and the options of the
 * run under test: what the runner and Flyway are both asked to decide on.
 *
 * @param name what the case is, as a user would say it
 * @param layout how the folder reaches the runner (a plain folder, links, a ConfigMap mount)
 * @param schemas the --schemas list; empty: the user's default schema
 * @param placeholders --placeholder values
 * @param target --target, or null
 * @param outOfOrder --out-of-order
 * @param history what happened before this release: earlier releases migrated by Flyway, edits of the database
 * @param release the files of the release under test, by path inside the folder
 * @param harmless whether the runner must answer this case before Flyway: nothing is pending, and nothing Flyway reads
 *                 asks for the full run
 */
public record MigrationScenario(String name, Layout layout, List<String> schemas, Map<String, String> placeholders,
                                String target, boolean outOfOrder, List<Step> history, Map<String, String> release,
                                boolean harmless) {

    /** How the migrations folder reaches the runner. */
    public enum Layout {
        /** A plain folder, as COPY leaves it in an image. */
        PLAIN,
        /** The location is a link to the folder (git-sync, a "current" link, a mounted volume). */
        LINKED_FOLDER,
        /** Every subfolder is a link to a folder elsewhere. */
        LINKED_SUBFOLDERS,
        /** Every file is a link to a file elsewhere. */
        LINKED_FILES,
        /**
         * A Kubernetes ConfigMap or projected volume: the files in a hidden timestamped folder, {@code ..data} a link
         * to it, each name a link {@code name -> ..data/name}; a new release writes a new timestamped folder and
         * switches {@code ..data}.
         */
        CONFIG_MAP
    }

    /** One thing that happened to the database before the release under test. */
    public sealed interface Step {
    }

    /** An earlier release: its folder mounted in the same place and migrated by Flyway. */
    public record Applied(Map<String, String> files) implements Step {
    }

    /** SQL run by hand on the database; {@code {app}} and {@code {extra}} name the first and second schema. */
    public record ByHand(String sql) implements Step {
    }

    /** Flyway's baseline at a version, on a database without history. */
    public record Baseline(String version) implements Step {
    }

    public MigrationScenario {
        schemas = List.copyOf(schemas);
        placeholders = Map.copyOf(placeholders);
        history = List.copyOf(history);
        release = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(release));
    }

    public Optional<String> targetVersion() {
        return Optional.ofNullable(target);
    }

    /** Starts a case on a plain folder in the user's default schema, with no history. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a scenario step by step. */
    public static final class Builder {
        private String name;
        private Layout layout = Layout.PLAIN;
        private List<String> schemas = List.of();
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private String target;
        private boolean outOfOrder;
        private final List<Step> history = new ArrayList<>();
        private boolean harmless;

        private Builder(String name) {
            this.name = name;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder layout(Layout layout) {
            this.layout = layout;
            return this;
        }

        public Builder schemas(String... schemas) {
            this.schemas = List.of(schemas);
            return this;
        }

        public Builder placeholder(String name, String value) {
            placeholders.put(name, value);
            return this;
        }

        public Builder target(String target) {
            this.target = target;
            return this;
        }

        public Builder outOfOrder() {
            this.outOfOrder = true;
            return this;
        }

        public Builder applied(Map<String, String> files) {
            history.add(new Applied(files));
            return this;
        }

        public Builder byHand(String sql) {
            history.add(new ByHand(sql));
            return this;
        }

        public Builder baseline(String version) {
            history.add(new Baseline(version));
            return this;
        }

        /** The release under test must be answered before Flyway. */
        public Builder harmless() {
            this.harmless = true;
            return this;
        }

        public MigrationScenario release(Map<String, String> files) {
            return new MigrationScenario(name, layout, schemas, placeholders, target, outOfOrder, history, files, harmless);
        }
    }
}
