package dev.jconshgen.spec;

import dev.jconshgen.dsl.Container;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static dev.jconshgen.spec.DslSpecs.box;
import static dev.jconshgen.spec.DslSpecs.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

/** Container names are lower-case RFC 1123 labels; host names are RFC 1123 host names. */
class NameAndHostnameValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "consh", "a-b", "0box", "b0x-1"})
    void validName(String name) {
        assertThat(named(name).build().name()).isEqualTo(name);
    }

    @ParameterizedTest
    @MethodSource("longestName")
    void nameOf63Characters(String name) {
        assertThat(named(name).build().name()).hasSize(63);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Consh", "BOX", "-box", "box-", "a_b", "a.b", "a b", "box!", "bøx"})
    void invalidName(String name) {
        SpecError error = onlyError(named(name));

        assertThat(error.path()).isEqualTo("name");
        assertThat(error.message()).contains("'" + name + "'", "not a valid name");
    }

    @ParameterizedTest
    @MethodSource("tooLongName")
    void nameOf64Characters(String name) {
        assertThat(onlyError(named(name)).path()).isEqualTo("name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"consh-host", "Consh-Host", "a", "a.b.c", "host1.example.org", "0.0"})
    void validHostname(String hostname) {
        assertThat(box().hostname(hostname).build().hostname()).isEqualTo(hostname);
    }

    @ParameterizedTest
    @MethodSource("longestHostnames")
    void hostnameOf64CharactersWithLabelsUpTo63(String hostname) {
        assertThat(box().hostname(hostname).build().hostname()).isEqualTo(hostname);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-host", "host-", "a..b", ".host", "host.", "a_b", "a b", "host;reboot", "h\u00e9"})
    void invalidHostname(String hostname) {
        SpecError error = onlyError(box().hostname(hostname));

        assertThat(error.path()).isEqualTo("hostname");
        assertThat(error.message()).contains("not an RFC 1123 host name");
    }

    @ParameterizedTest
    @MethodSource("tooLongHostnames")
    void hostnameTooLongOrWithLabelOver63(String hostname) {
        assertThat(onlyError(box().hostname(hostname)).path()).isEqualTo("hostname");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\tb"})
    void controlCharactersAreShownEscapedInTheMessage(String hostname) {
        SpecError error = onlyError(box().hostname(hostname));

        assertThat(error.format()).doesNotContain("\n", "\t").contains(String.format("\\x%02x", (int) hostname.charAt(1)));
    }

    static Stream<String> longestName() {
        return Stream.of("a".repeat(63), "a-" + "b".repeat(61));
    }

    static Stream<String> tooLongName() {
        return Stream.of("a".repeat(64), "a".repeat(200));
    }

    static Stream<String> longestHostnames() {
        return Stream.of("a".repeat(63), "a".repeat(31) + "." + "b".repeat(32));
    }

    static Stream<String> tooLongHostnames() {
        return Stream.of("a".repeat(64), "a".repeat(32) + "." + "b".repeat(32), "a.".repeat(32) + "b");
    }

    private static Container named(String name) {
        return Container.named(name).hostname("box").workdir("box");
    }
}
