package dev.schemahook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder of migration files written by a test: what an image would carry in /migrations. */
public final class Migrations {
    private final Path directory;

    private Migrations(Path directory) {
        this.directory = directory;
    }

    public static Migrations in(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Migrations(directory);
    }

    public Migrations add(String fileName, String sql) {
        try {
            Files.writeString(directory.resolve(fileName), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Migrations remove(String fileName) {
        try {
            Files.delete(directory.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path directory() {
        return directory;
    }

    /** The --locations argument for this folder. */
    public String location() {
        return "filesystem:" + directory.toAbsolutePath();
    }
}
