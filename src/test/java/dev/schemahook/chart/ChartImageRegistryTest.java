package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The image's registry and pull secrets")
class ChartImageRegistryTest {

    private static String image(Helm helm, String... args) {
        return (String) helm.render(withDatabase(args)).jobContainer().get("image");
    }

    @EveryHelm
    @DisplayName("pulls from the registry named in image.repository unless told otherwise")
    void pullsFromTheRepositorysRegistry(Helm helm) {
        assertThat(image(helm)).isEqualTo("ghcr.io/schemahook/schemahook:0.1.0");
        assertThat(image(helm, "--set", "image.repository=shop/migrations")).isEqualTo("shop/migrations:0.1.0");
    }

    @EveryHelm
    @DisplayName("replaces the repository's registry with image.registry, and that with global.imageRegistry")
    void replacesTheRegistry(Helm helm) {
        List<String> images = new ArrayList<>();
        for (String[] args : List.of(
                new String[] {"--set", "image.registry=mirror.example"},
                new String[] {"--set", "global.imageRegistry=mirror.example/ghcr"},
                new String[] {"--set", "global.imageRegistry=mirror.example,image.registry=other.example"},
                new String[] {"--set", "global.imageRegistry=localhost:5000,image.repository=shop/migrations"},
                new String[] {"--set", "image.registry=mirror.example,image.repository=localhost/migrations"},
                new String[] {"--set", "image.registry=mirror.example,image.repository=registry.example:5000/a/b"},
                new String[] {"--set", "global.imageRegistry=mirror.example,image.digest=sha256:" + "ab".repeat(32)})) {
            images.add(image(helm, args));
        }

        assertThat(images).containsExactly(
                "mirror.example/schemahook/schemahook:0.1.0",
                "mirror.example/ghcr/schemahook/schemahook:0.1.0",
                "mirror.example/schemahook/schemahook:0.1.0",
                "localhost:5000/shop/migrations:0.1.0",
                "mirror.example/migrations:0.1.0",
                "mirror.example/a/b:0.1.0",
                "mirror.example/schemahook/schemahook@sha256:" + "ab".repeat(32));
    }

    @EveryHelm
    @DisplayName("adds global.imagePullSecrets, as names or maps, before imagePullSecrets, each once")
    void addsGlobalPullSecrets(Helm helm) {
        Map<String, Object> pod = helm.render(withDatabase("--set", "global.imagePullSecrets[0]=mirror-pull",
                "--set", "global.imagePullSecrets[1].name=regcred", "--set", "imagePullSecrets[0].name=regcred",
                "--set", "imagePullSecrets[1].name=own-pull")).jobPodSpec();

        assertThat(pod).containsEntry("imagePullSecrets",
                List.of(Map.of("name", "mirror-pull"), Map.of("name", "regcred"), Map.of("name", "own-pull")));
        assertThat(helm.render(withDatabase()).jobPodSpec()).doesNotContainKey("imagePullSecrets");
    }

    @EveryHelm
    @DisplayName("refuses a pull secret without a name")
    void refusesAPullSecretWithoutAName(Helm helm) {
        Helm.Result result = helm.template(withDatabase("--set", "global.imagePullSecrets[0].nom=x"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("imagePullSecrets");
    }
}
