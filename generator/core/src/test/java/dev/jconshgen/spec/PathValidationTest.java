package dev.jconshgen.spec;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.ContainerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static dev.jconshgen.spec.DslSpecs.box;
import static dev.jconshgen.spec.DslSpecs.errors;
import static dev.jconshgen.spec.DslSpecs.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * workdir, layer dirs and the overlay are relative paths that stay inside their base and can be
 * carried by an overlay mount option. Quotes, '$', backticks, ';', spaces and a leading '-' are
 * allowed: the generated scripts quote them.
 */
class PathValidationTest {

    /** Each path field, as the field path in errors and as a way to set it on a valid container. */
    private static final List<PathField> FIELDS = List.of(
            new PathField("workdir", (c, v) -> c.workdir(v)),
            new PathField("rootfs.layers[0].busybox.dir", (c, v) -> c.noLayers().busyboxLayer(v)),
            new PathField("rootfs.layers[1].directory.dir", (c, v) -> c.noLayers().busyboxLayer("lower").directoryLayer(v)),
            new PathField("rootfs.overlay", (c, v) -> c.overlay(v)));

    record PathField(String path, BiFunction<Container, String, Container> set) {
        @Override
        public String toString() {
            return path;
        }
    }

    static Stream<Arguments> invalid() {
        List<List<String>> values = List.of(
                List.of("", "must not be empty"),
                List.of("/abs", "is absolute"),
                List.of("/", "is absolute"),
                List.of("..", "'..' component"),
                List.of(".", "'..' component"),
                List.of("../up", "'..' component"),
                List.of("a/../b", "'..' component"),
                List.of("a/./b", "'..' component"),
                List.of("a//b", "empty"),
                List.of("a/", "empty"),
                List.of("a\nb", "control character"),
                List.of("a\rb", "control character"),
                List.of("a\tb", "control character"),
                List.of("a\u0000b", "control character"),
                List.of("a\u001bb", "control character"),
                List.of("a\u007fb", "control character"),
                List.of("a,b", "overlay mount options"),
                List.of("a:b", "overlay mount options"),
                List.of("a\\b", "overlay mount options"));
        return FIELDS.stream().flatMap(f -> values.stream().map(v -> Arguments.of(f, v.get(0), v.get(1))));
    }

    @ParameterizedTest(name = "{0} = [{1}]")
    @MethodSource("invalid")
    void invalidPath(PathField field, String value, String problem) {
        SpecError error = onlyError(field.set().apply(box(), value));

        assertThat(error.path()).isEqualTo(field.path());
        assertThat(error.message()).contains(problem);
        assertThat(error.format()).doesNotContainPattern("[\\x00-\\x1f\\x7f]");
    }

    static Stream<Arguments> hostileButValid() {
        List<String> values = List.of(
                "it's",
                "$(touch MARKER)",
                "`touch MARKER`",
                "a; rm -rf ~",
                "with space/and \"double\" quotes",
                "-rf",
                "--help",
                "a/-b/${HOME}",
                "*?[x]",
                "~user",
                "caf\u00e9/\u65e5\u672c");
        return FIELDS.stream().flatMap(f -> values.stream().map(v -> Arguments.of(f, v)));
    }

    @ParameterizedTest(name = "{0} = [{1}]")
    @MethodSource("hostileButValid")
    void hostileButValidPath(PathField field, String value) {
        ContainerSpec spec = field.set().apply(box(), value).build();

        assertThat(List.of(spec.workdir(), spec.rootfs().overlay())
                        .stream().filter(value::equals).count()
                + spec.rootfs().layers().stream().filter(l -> l.dir().equals(value)).count())
                .isEqualTo(1);
    }

    @Test
    void overlayEqualToALayer() {
        SpecError error = onlyError(box().overlay("lower"));

        assertThat(error.path()).isEqualTo("rootfs.overlay");
        assertThat(error.message()).contains("overlaps 'lower'");
    }

    @Test
    void overlayInsideALayer() {
        assertThat(onlyError(box().overlay("lower/ovly")).path()).isEqualTo("rootfs.overlay");
    }

    @Test
    void layerInsideTheOverlay() {
        SpecError error = onlyError(box().noLayers().busyboxLayer("state/lower").overlay("state"));

        assertThat(error.path()).isEqualTo("rootfs.overlay");
        assertThat(error.message()).contains("'state' overlaps 'state/lower'");
    }

    @Test
    void twoLayersInTheSameDirectory() {
        SpecError error = onlyError(box().noLayers().directoryLayer("base").busyboxLayer("base"));

        assertThat(error.path()).isEqualTo("rootfs.layers[1].busybox.dir");
    }

    @Test
    void nestedLayers() {
        assertThat(onlyError(box().noLayers().directoryLayer("base").directoryLayer("base/more")).path())
                .isEqualTo("rootfs.layers[1].directory.dir");
    }

    @Test
    void sharedNamePrefixIsNotAnOverlap() {
        ContainerSpec spec = box().noLayers().directoryLayer("base").busyboxLayer("base2").overlay("base-ovly").build();

        assertThat(spec.rootfs().layers()).hasSize(2);
    }

    @Test
    void noLayers() {
        SpecError error = onlyError(box().noLayers());

        assertThat(error.path()).isEqualTo("rootfs.layers");
        assertThat(error.message()).contains("at least one layer");
    }

    @Test
    void twoBusyboxLayers() {
        List<SpecError> errors = errors(box().noLayers().busyboxLayer("a").busyboxLayer("b"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("rootfs.layers");
            assertThat(e.message()).contains("2 busybox layers");
        });
    }

    @Test
    void directoryLayersOnlyAreFine() {
        assertThat(box().noLayers().directoryLayer("prepared").build().rootfs().layers()).hasSize(1);
    }
}
