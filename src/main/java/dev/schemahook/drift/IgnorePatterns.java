package dev.schemahook.drift;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The objects drift leaves out: globs ({@code *} any characters, {@code ?} one) matched against an object's id
 * ({@code index public.hotfix_*}) or its name alone ({@code public.audit*}, which takes the table and its columns,
 * constraints and triggers with it).
 */
public final class IgnorePatterns {
    private final List<String> globs;
    private final List<Pattern> patterns;
    /** The same globs followed by {@code .anything}: a table's name takes its columns, constraints and triggers. */
    private final List<Pattern> childPatterns;

    public IgnorePatterns(List<String> globs) {
        this.globs = globs.stream().map(String::strip).filter(glob -> !glob.isEmpty()).toList();
        this.patterns = this.globs.stream().map(glob -> compile(glob, "")).toList();
        this.childPatterns = this.globs.stream().map(glob -> compile(glob, "\\..*")).toList();
    }

    public static IgnorePatterns none() {
        return new IgnorePatterns(List.of());
    }

    public List<String> globs() {
        return globs;
    }

    /** Whether the object is ignored: by its id, its name, or the table (or view) it belongs to ({@code on}). */
    public boolean matches(String id, Map<String, String> attributes) {
        String name = SchemaSnapshot.name(id);
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(id).matches() || patterns.get(i).matcher(name).matches()
                    || childPatterns.get(i).matcher(name).matches()) {
                return true;
            }
        }
        String parent = attributes.get(SchemaSnapshot.PARENT);
        return parent != null && matches(parent, Map.of());
    }

    private static Pattern compile(String glob, String suffix) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex + suffix);
    }
}
