package dev.schemahook.testing;

import dev.schemahook.testing.MigrationScenario.Layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The folders and histories the runner's early answer is held to Flyway on: the named cases of issue 13, each a thing
 * users really mount or do, and a seeded generator of combinations of them.
 */
public final class MigrationScenarios {
    private static final String V1 = "CREATE TABLE a (id int);";
    private static final String V2 = "CREATE TABLE b (id int);";
    private static final String V3 = "CREATE TABLE c (id int);";
    private static final String VIEW = "CREATE OR REPLACE VIEW a_view AS SELECT * FROM a;";
    private static final String CALLBACK = "CREATE TABLE IF NOT EXISTS " + FlywayOracle.CALLBACK_MARKER + " (id int);";

    private MigrationScenarios() {
    }

    /** Every case the issue names, in the user's default schema unless the case is about schemas. */
    public static List<MigrationScenario> named() {
        Map<String, String> two = files("V1__create_a.sql", V1, "V2__create_b.sql", V2, "R__a_view.sql", VIEW);
        Map<String, String> three = with(two, "V3__create_c.sql", V3);
        List<MigrationScenario> cases = new ArrayList<>();
        cases.add(MigrationScenario.named("a plain folder, everything applied").applied(two).harmless().release(two));
        cases.add(MigrationScenario.named("a plain folder, V3 added").applied(two).release(three));
        for (Layout layout : List.of(Layout.LINKED_FOLDER, Layout.LINKED_FILES, Layout.CONFIG_MAP)) {
            String how = switch (layout) {
                case LINKED_FOLDER -> "a folder reached through a link";
                case LINKED_FILES -> "each file a link";
                default -> "a ConfigMap mount switched to a new timestamped folder";
            };
            cases.add(MigrationScenario.named(how + ", everything applied").layout(layout).applied(two).harmless()
                    .release(two));
            cases.add(MigrationScenario.named(how + ", V3 added").layout(layout).applied(two).release(three));
        }
        Map<String, String> nested = files("V1__create_a.sql", V1, "team/V2__create_b.sql", V2,
                "team/views/R__a_view.sql", VIEW);
        cases.add(MigrationScenario.named("a linked subfolder, everything applied").layout(Layout.LINKED_SUBFOLDERS)
                .applied(nested).harmless().release(nested));
        cases.add(MigrationScenario.named("a linked subfolder with a pending migration in it")
                .layout(Layout.LINKED_SUBFOLDERS).applied(files("V1__create_a.sql", V1)).release(nested));
        cases.add(MigrationScenario.named("nested folders, everything applied").applied(nested).harmless().release(nested));
        cases.add(MigrationScenario.named("nested folders, V3 added in a new subfolder").applied(nested)
                .release(with(nested, "later/V3__create_c.sql", V3)));
        Map<String, String> clutter = with(two, "README.md", "# Migrations\n", ".gitkeep", "", "notes.txt", "see V9\n",
                ".DS_Store", "x", ".git/V9__never.sql", "CREATE TABLE never (id int);");
        cases.add(MigrationScenario.named("README.md, .gitkeep, hidden files and a hidden folder beside the SQL")
                .applied(clutter).harmless().release(clutter));
        Map<String, String> userImage = new LinkedHashMap<>(runnerImageMigrations());
        userImage.putAll(with(two, ".gitkeep", ""));
        cases.add(MigrationScenario.named("the runner image's /migrations with the user's SQL and .gitkeep copied in")
                .applied(userImage).harmless().release(userImage));
        cases.add(MigrationScenario.named("a hidden SQL file").applied(two)
                .release(with(two, ".V3__hidden.sql", V3)));
        Map<String, String> suffixes = files("V1__create_a.sql", V1, "V2__create_b.SQL", V2, "R__a_view.Sql", VIEW);
        cases.add(MigrationScenario.named(".SQL and .Sql suffixes, everything applied").applied(suffixes).harmless()
                .release(suffixes));
        cases.add(MigrationScenario.named("V2__create_b.SQL pending").applied(files("V1__create_a.sql", V1))
                .release(suffixes));
        Map<String, String> noDescription = files("V1__create_a.sql", V1, "V2.sql", V2, "V3.sql", V3);
        cases.add(MigrationScenario.named("versions without description, everything applied").applied(noDescription)
                .harmless().release(noDescription));
        cases.add(MigrationScenario.named("V3.sql without description pending")
                .applied(files("V1__create_a.sql", V1, "V2.sql", V2)).release(noDescription));
        cases.add(MigrationScenario.named("V1_1__ beside V1.1__")
                .applied(files("V1__create_a.sql", V1, "V1_1__create_b.sql", V2))
                .release(files("V1__create_a.sql", V1, "V1_1__create_b.sql", V2, "V1.1__create_c.sql", V3)));
        Map<String, String> bomCrlf = files("V1__create_a.sql", "\uFEFF-- first\r\nCREATE TABLE a (id int);\r\n",
                "V2__create_b.sql", "-- second\r\nCREATE TABLE b (id int);\r\n", "R__a_view.sql", "\uFEFF" + VIEW + "\r\n");
        cases.add(MigrationScenario.named("BOM and CRLF, everything applied").applied(bomCrlf).harmless().release(bomCrlf));
        cases.add(MigrationScenario.named("BOM and CRLF, a line ending changed").applied(bomCrlf)
                .release(with(bomCrlf, "V2__create_b.sql", "-- second\nCREATE TABLE b (id int);\n")));
        Map<String, String> placeholders = with(two, "R__who.sql", "CREATE OR REPLACE VIEW who AS SELECT '${who}'::text AS who;");
        cases.add(MigrationScenario.named("a repeatable migration with a placeholder, unchanged").placeholder("who", "alice")
                .applied(placeholders).release(placeholders));
        cases.add(MigrationScenario.named("a repeatable migration without placeholders, edited").applied(two)
                .release(with(two, "R__a_view.sql", VIEW + " -- edited")));
        cases.add(MigrationScenario.named("an SQL callback").applied(two).release(with(two, "afterMigrate.sql", CALLBACK)));
        cases.add(MigrationScenario.named("a baseline row below the image's migrations")
                .byHand("CREATE TABLE {app}.a (id int)").baseline("1")
                .applied(two).release(two));
        cases.add(MigrationScenario.named("a failed row").applied(two)
                .byHand("UPDATE {app}.flyway_schema_history SET success = false WHERE version = '2'").release(two));
        cases.add(MigrationScenario.named("a missing row: V2 applied, not in the image").applied(three)
                .release(files("V1__create_a.sql", V1, "V3__create_c.sql", V3, "R__a_view.sql", VIEW)));
        cases.add(MigrationScenario.named("a future row: V3 applied by a newer release").applied(three).harmless()
                .release(two));
        cases.add(MigrationScenario.named("an edited migration").applied(two)
                .release(with(two, "V2__create_b.sql", "CREATE TABLE b (id int, edited int);")));
        cases.add(MigrationScenario.named("several schemas, everything applied").schemas("app", "extra").applied(two)
                .harmless().release(two));
        cases.add(MigrationScenario.named("several schemas, one dropped by hand").schemas("app", "extra").applied(two)
                .byHand("DROP SCHEMA {extra} CASCADE").release(two));
        cases.add(MigrationScenario.named("--target below a pending migration").target("2")
                .applied(files("V1__create_a.sql", V1)).release(three));
        cases.add(MigrationScenario.named("--target at the applied version").target("2").applied(two).release(three));
        cases.add(MigrationScenario.named("--out-of-order with an older pending migration").outOfOrder()
                .applied(files("V1__create_a.sql", V1, "V3__create_c.sql", V3)).release(three));
        cases.add(MigrationScenario.named("a script configuration file").applied(two)
                .release(with(two, "V2__create_b.sql.conf", "executeInTransaction=true\n")));
        return cases;
    }

    /** How many kinds of change a generated release makes; every third case makes one, in turn. */
    private static final int CHANGES = 7;
    /** Case {@code i} surely has the rarer history or option {@code i % RARE_EVERY} when that is below 8. */
    private static final int RARE_EVERY = 20;

    /**
     * {@code count} scenarios drawn from {@code seed}: layouts, names, suffixes, folders, clutter, BOMs and line
     * endings, repeatables with and without placeholders, callbacks, earlier releases (newer ones after a rollback),
     * baselines, failed rows, dropped schemas, edits, --target and --out-of-order. Each uses its own schemas, so all
     * of them can share one database.
     *
     * <p>Stratified, so that few cases cover every kind: case {@code i} has layout {@code i % 5}; every third case
     * makes one of the {@value #CHANGES} changes in turn; and case {@code i} surely has the rarer kind
     * {@code i % 20} when that is below 8 (a baseline, a failed row, --target, --out-of-order, a callback, a dropped
     * schema, a repeatable with a placeholder, a newer migration from a rollback), and may draw the others at random.
     * The remaining cases (25 of 70) have none of them and no change: mostly releases the check must answer, so that
     * its answers are compared with Flyway's often. So among {@code count} cases each layout appears at least
     * count/5 times, each change count/21 times, each rarer kind count/20 times.
     */
    public static List<MigrationScenario> generated(long seed, int count) {
        Random random = new Random(seed);
        List<MigrationScenario> scenarios = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            scenarios.add(generate(random, i, "g" + Long.toHexString(seed & 0xffff) + "_" + i));
        }
        return scenarios;
    }

    private static MigrationScenario generate(Random random, int index, String id) {
        Layout layout = Layout.values()[index % Layout.values().length];
        int rare = index % RARE_EVERY;
        boolean rareCase = rare < 8;
        int change = index % 3 == 2 ? (index / 3) % CHANGES : -1;
        List<String> pool = List.of("1", "1.1", "2", "2.5", "3", "4", "10");
        List<String> versions = new ArrayList<>();
        for (String version : pool) {
            if (random.nextInt(3) > 0) {
                versions.add(version);
            }
        }
        if (versions.isEmpty()) {
            versions.add("1");
        }
        boolean bom = random.nextInt(5) == 0;
        boolean crlf = random.nextInt(4) == 0;
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        String[] folders = {"", "", "sub/", "sub/deeper/"};
        for (String version : versions) {
            String label = random.nextBoolean() ? version : version.replace('.', '_');
            String suffix = List.of(".sql", ".sql", ".sql", ".SQL", ".Sql").get(random.nextInt(5));
            String name = random.nextInt(6) == 0 ? "V" + label + suffix : "V" + label + "__create_t" + version.replace('.', '_') + suffix;
            names.put(version, folders[random.nextInt(folders.length)] + name);
            contents.put(version, text(bom, crlf, "-- " + id + "\nCREATE TABLE t" + version.replace('.', '_') + " (id int);\n"));
        }
        int repeatables = rare == 6 ? 1 + random.nextInt(2) : random.nextInt(3);
        boolean placeholder = false;
        for (int r = 0; r < repeatables; r++) {
            boolean withPlaceholder = rare == 6 && r == 0 || rareCase && random.nextInt(6) == 0;
            placeholder |= withPlaceholder;
            names.put("R" + r, folders[random.nextInt(folders.length)] + "R__view_" + r + ".sql");
            contents.put("R" + r, text(bom, crlf, "CREATE OR REPLACE VIEW view_" + r + " AS SELECT "
                    + (withPlaceholder ? "'${who}'::text" : "1") + " AS x;\n"));
        }
        Map<String, String> clutter = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            clutter.put("README.md", "# Migrations\n");
        }
        if (random.nextBoolean()) {
            clutter.put((random.nextBoolean() ? "sub/" : "") + ".gitkeep", "");
        }
        if (random.nextInt(4) == 0) {
            clutter.put(".git/V99__hidden_folder.sql", "CREATE TABLE never (id int);");
        }
        if (rare == 4 || rareCase && random.nextInt(8) == 0) {
            clutter.put("afterMigrate.sql", CALLBACK);
        }
        boolean extraSchema = rare == 5 | random.nextBoolean();
        List<String> tags = new ArrayList<>(List.of(id, layout.name()));
        if (placeholder) {
            tags.add("repeatable-with-placeholder");
        }
        if (clutter.containsKey("afterMigrate.sql")) {
            tags.add("callback");
        }
        MigrationScenario.Builder builder = MigrationScenario.named("").layout(layout);
        if (extraSchema) {
            builder.schemas(id + "_app", id + "_extra");
        } else {
            builder.schemas(id + "_app");
        }
        if (placeholder || random.nextInt(5) == 0) {
            builder.placeholder("who", "alice");
        }
        if (rare == 0 || rareCase && random.nextInt(10) == 0) {
            builder.baseline(versions.get(random.nextInt(versions.size())));
            tags.add("baseline");
        }
        // What an earlier release applied: everything (the common case), a prefix, or more (a rollback since; rarer).
        int choice = rare == 7 ? 5 : random.nextInt(rareCase ? 6 : 4);
        int appliedCount = choice < 3 || rare == 1 ? versions.size() : random.nextInt(versions.size() + 1);
        Map<String, String> earlier = new LinkedHashMap<>(clutter);
        for (int v = 0; v < appliedCount; v++) {
            earlier.put(names.get(versions.get(v)), contents.get(versions.get(v)));
        }
        for (int r = 0; r < repeatables; r++) {
            earlier.put(names.get("R" + r), contents.get("R" + r));
        }
        if (choice == 5) {
            earlier.put("V20__newer.sql", "CREATE TABLE newer (id int);");
            tags.add("future");
        } else if (choice >= 3) {
            tags.add("applied-" + appliedCount + "-of-" + versions.size());
        }
        if (random.nextInt(4) == 0 && appliedCount > 1) {
            Map<String, String> first = new LinkedHashMap<>(clutter);
            first.put(names.get(versions.get(0)), contents.get(versions.get(0)));
            builder.applied(first);
        }
        builder.applied(earlier);
        if ((rare == 1 || rareCase && random.nextInt(10) == 0) && appliedCount > 0) {
            builder.byHand("UPDATE {app}.flyway_schema_history SET success = false WHERE version = '"
                    + versions.get(random.nextInt(appliedCount)) + "'");
            tags.add("failed-row");
        }
        if (extraSchema && (rare == 5 || rareCase && random.nextInt(8) == 0)) {
            builder.byHand("DROP SCHEMA {extra} CASCADE");
            tags.add("dropped-schema");
        }
        Map<String, String> release = new LinkedHashMap<>(clutter);
        for (String key : names.keySet()) {
            release.put(names.get(key), contents.get(key));
        }
        // Most releases change nothing: only an answer the check gives is compared with Flyway, so most cases are ones
        // it can answer, and one in three changes something it must not answer wrongly.
        String changed = switch (change) {
            case 0 -> put(release, names.get(versions.get(0)), contents.get(versions.get(0)) + "-- edited\n", "edited");
            case 1 -> release.remove(names.get(versions.get(random.nextInt(versions.size())))) == null ? "" : "removed";
            case 2 -> put(release, "V1_1__twin.sql", "CREATE TABLE twin (id int);", "twin-version");
            case 3 -> put(release, "v5__lower_case_prefix.sql", "CREATE TABLE lower_case (id int);", "bad-name");
            case 4 -> put(release, "V30__pending.sql", "CREATE TABLE pending (id int);", "pending");
            case 5 -> put(release, names.get(versions.get(0)) + ".conf", "executeInTransaction=true\n", "script-config");
            case 6 -> put(release, "deploy.sh", "echo deploy\n", "shell-script");
            default -> "";
        };
        if (!changed.isEmpty()) {
            tags.add(changed);
        }
        if (rare == 2 || rareCase && random.nextInt(10) == 0) {
            String target = versions.get(random.nextInt(versions.size()));
            builder.target(target);
            tags.add("target-" + target);
        }
        if (rare == 3 || rareCase && random.nextInt(10) == 0) {
            builder.outOfOrder();
            tags.add("out-of-order");
        }
        return builder.name(String.join(" ", tags)).release(release);
    }

    /** What the runner image's /migrations holds before a user's image adds its SQL (Dockerfile.jvm, MIGRATIONS). */
    public static Map<String, String> runnerImageMigrations() {
        Path folder = Path.of("src/main/docker/migrations");
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(folder.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String put(Map<String, String> files, String name, String content, String tag) {
        files.put(name, content);
        return tag;
    }

    private static String text(boolean bom, boolean crlf, String sql) {
        return (bom ? "\uFEFF" : "") + (crlf ? sql.replace("\n", "\r\n") : sql);
    }

    private static Map<String, String> files(String... namesAndContents) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], namesAndContents[i + 1]);
        }
        return files;
    }

    private static Map<String, String> with(Map<String, String> files, String... namesAndContents) {
        Map<String, String> result = new LinkedHashMap<>(files);
        result.putAll(files(namesAndContents));
        return result;
    }
}
