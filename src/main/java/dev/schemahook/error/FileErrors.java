package dev.schemahook.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why a file could not be read or written, in words a user acts on rather than the name of Java's exception. */
public final class FileErrors {
    private FileErrors() {
    }

    public static String reason(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return Files.isDirectory(file) ? "a folder, not a file" : String.valueOf(e.getMessage());
    }
}
