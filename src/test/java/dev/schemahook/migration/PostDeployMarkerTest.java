package dev.schemahook.migration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a migration is post-deployment when a leading comment line is the marker")
class PostDeployMarkerTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "marker on the first line                 | -- schemahook:post-deploy\\nALTER TABLE t DROP COLUMN a;        | true",
            "marker after other comments and a blank  | -- contract step\\n\\n-- schemahook:post-deploy\\nDROP TABLE t; | true",
            "marker with trailing spaces, CRLF        | -- schemahook:post-deploy  \\r\\nDROP TABLE t;                | true",
            "marker after a byte order mark           | \\uFEFF-- schemahook:post-deploy\\nDROP TABLE t;               | true",
            "marker after the first SQL line          | DROP TABLE t;\\n-- schemahook:post-deploy                      | false",
            "a longer word                            | -- schemahook:post-deploy-later\\nDROP TABLE t;                | false",
            "no marker                                | -- drop the old table\\nDROP TABLE t;                         | false",
            "empty file                               | ''                                                          | false"})
    void decides(String name, String content, boolean post) throws Exception {
        Path file = temp.resolve("V1__x.sql");
        Files.writeString(file, content.replace("\\n", "\n").replace("\\r", "\r").replace("\\uFEFF", "\uFEFF"));
        assertThat(PostDeployMarker.isPostDeploy(file)).as(name).isEqualTo(post);
    }
}
