package dev.jconshgen.spec;

import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static dev.jconshgen.spec.YamlSpecs.onlyError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Files that are not YAML, hold nothing, or cannot be read give one located error. */
class YamlUnusableFileTest {

    @TempDir
    Path dir;

    @Test
    void mappingValueWhereNoneIsAllowed() {
        String yaml = "name: box\nhostname: a: b\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEmpty();
        assertThat(error.message()).startsWith("not valid YAML: ").contains("mapping values are not allowed");
        // The problem is the second ':' on line 2.
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, ": b\n"));
        assertThat(error.format()).startsWith("spec.yaml:2:" + Location.of(yaml, ": b\n").column() + ": not valid YAML: ");
    }

    @Test
    void unclosedFlowSequence() {
        String yaml = "name: box\nnamespaces: [user, mount\nworkdir: w\n";
        SpecError error = onlyError(yaml);

        assertThat(error.message()).startsWith("not valid YAML: ");
        assertThat(error.line()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void tabIndentation() {
        String yaml = "name: box\nrootfs:\n\toverlay: o\n";
        SpecError error = onlyError(yaml);

        assertThat(error.message()).startsWith("not valid YAML: ");
        assertThat(error.line()).isEqualTo(3);
    }

    /**
     * Found by SpecLoaderFuzzTest: snakeyaml-engine 2.9 threw an IndexOutOfBoundsException when an
     * emoji (a surrogate pair) straddled the end of its 1025-char read window.
     */
    @Test
    void anEmojiWhereTheYamlReadersWindowsMeet() {
        for (int padding = 980; padding < 1040; padding++) {
            String yaml = "#" + "x".repeat(padding) + "\nname: box\ncommand: [\"\uD83D\uDE42\"]\n";
            assertThat(YamlSpecs.parse(yaml).command()).as("padding %d", padding).containsExactly("\uD83D\uDE42");
        }
    }

    /** Found by SpecLoaderFuzzTest: snakeyaml-engine 2.9 threw a NumberFormatException for \U above 7FFFFFFF. */
    @Test
    void anEscapeBeyondUnicode() {
        String yaml = "name: box\nhostname: \"a\\UFFFFFFFF\"\n";
        SpecError error = onlyError(yaml);

        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "FFFFFFFF"));
        assertThat(error.message()).startsWith("not valid YAML: an escape sequence here names no Unicode character");
    }

    /** Found by SpecLoaderFuzzTest: the YAML library quotes what it found, a new line too, which split the error in two lines. */
    @Test
    void theYamlLibrarysMessagesStayOnOneLine() {
        SpecError error = onlyError("name: box\nhostname: *\n");

        assertThat(error.message()).startsWith("not valid YAML: while scanning an alias").doesNotContain("\n").contains("\\x0a");
    }

    @Test
    void emptyFile() {
        SpecError error = onlyError("");

        assertThat(error.format()).isEqualTo("spec.yaml:1:1: " + error.message());
        assertThat(error.message()).contains("empty", "name");
    }

    @Test
    void fileWithOnlyComments() {
        SpecError error = onlyError("# nothing here yet\n\n# still nothing\n");

        assertThat(error.message()).contains("empty");
    }

    @Test
    void missingFileIsNamedWithoutLineAndColumn() {
        Path missing = dir.resolve("missing.yaml");
        SpecError error = loadError(missing);

        assertThat(error.file()).isEqualTo(missing.toString());
        assertThat(error.line()).isZero();
        assertThat(error.format()).startsWith(missing + ": cannot read the spec");
    }

    @Test
    void directoryInsteadOfAFile() {
        SpecError error = loadError(dir);

        assertThat(error.format()).startsWith(dir + ": cannot read the spec");
    }

    @Test
    void fileWithoutReadPermission() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files without read permission");
        Path secret = Files.writeString(dir.resolve("secret.yaml"), "name: box\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("-w-------"));

        assertThat(loadError(secret).format()).startsWith(secret + ": cannot read the spec");
    }

    @Test
    void invalidUtf8() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9, '\n'});

        // located at the bad byte: line 1, column 7 (after "name: ")
        assertThat(loadError(latin1).format()).startsWith(latin1 + ":1:7: not UTF-8 text: byte 0xE9 ");
    }

    private static SpecError loadError(Path file) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> new YamlSpecLoader().load(file));
        assertThat(e).as("loading %s should fail", file).isNotNull();
        assertThat(e.errors()).hasSize(1);
        return e.errors().get(0);
    }
}
