package dev.jconshgen.spec;

import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static dev.jconshgen.spec.YamlSpecs.onlyError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Files built to hurt the loader (the rest of the bad-spec kinds are in YamlUnusableFileTest and
 * YamlStructureErrorsTest): each gives exactly one error line, located where a location exists.
 */
class YamlBadSpecFilesTest {

    @TempDir
    Path dir;

    @Test
    void fileOverTheSizeLimitIsRefusedWithoutReadingIt() throws IOException {
        // 2 GiB, sparse: reading it whole would need a 2 GiB array (Files.readString fails on it).
        Path huge = dir.resolve("huge.yaml");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(2L * 1024 * 1024 * 1024);
        }
        SpecError error = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> loadError(huge));

        assertThat(error.format()).isEqualTo(huge + ": the spec is larger than 1 MiB, the limit for a spec file"
                + " (a spec is a few hundred bytes: is this the right file?)");
    }

    @Test
    void twentyMegabytesOfValidYamlAreRefusedToo() throws IOException {
        Path big = dir.resolve("big.yaml");
        String comment = "# " + "x".repeat(1000) + "\n";
        Files.writeString(big, "name: box\n" + comment.repeat(20 * 1024));
        assertThat(Files.size(big)).isGreaterThan(20L * 1000 * 1000);

        assertThat(loadError(big).message()).startsWith("the spec is larger than 1 MiB");
    }

    @Test
    void aSpecOfExactlyTheLimitIsStillRead() throws IOException {
        String head = "name: box\n";
        String filler = "#".repeat(SpecFileReader.MAX_BYTES - head.length() - 1) + "\n";
        Path limit = Files.writeString(dir.resolve("limit.yaml"), head + filler);
        assertThat(Files.size(limit)).isEqualTo(SpecFileReader.MAX_BYTES);

        assertThat(new YamlSpecLoader().load(limit).spec().name()).isEqualTo("box");
        Files.writeString(limit, "#", java.nio.file.StandardOpenOption.APPEND);
        assertThat(loadError(limit).message()).startsWith("the spec is larger than 1 MiB");
    }

    @Test
    void textOverTheLimitHandedToParseIsRefused() {
        String text = "name: box\n#" + "é".repeat(SpecFileReader.MAX_BYTES / 2);
        assertThat(onlyError(text).message()).startsWith("the spec is larger than 1 MiB");
    }

    @Test
    void billionLaughsIsRefusedAtTheAliasThatCrossesTheLimit() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char level = 'b'; level <= 'i'; level++) {
            yaml.append(level).append(": &").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*" + (char) (level - 1)))).append("]\n");
        }
        yaml.append("name: box\nnamespaces: *i\n");
        SpecError error = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> onlyError(yaml.toString()));

        // the 11th alias of a collection: the second one on line 3 ("c: &c [*b, *b, ...")
        assertThat(locationOf(error)).isEqualTo(new Location(3, 12));
        assertThat(error.message()).contains("more than 10 aliases", "billion laughs");
    }

    @Test
    void aFewAliasesOfScalarsAndCollectionsStillWork() {
        String yaml = "name: &n box\nhostname: *n\nnamespaces: &ns [mount, uts]\n";
        assertThat(YamlSpecs.parse(yaml).hostname()).isEqualTo("box");
    }

    @Test
    void recursiveAliasIsAnErrorNotAHang() {
        java.util.List<SpecError> errors = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> YamlSpecs.errors("name: box\nnamespaces: &loop [*loop]\n"));
        assertThat(errors).extracting(SpecError::path).contains("namespaces[0]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flow", "block"})
    void deepNestingIsRefusedAtTheLevelThatCrossesTheLimit(String style) {
        String yaml;
        Location expected;
        if (style.equals("flow")) {
            // 20,000 levels overflowed the composer's stack (an uncaught StackOverflowError)
            yaml = "name: box\nnamespaces: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
            expected = new Location(2, "namespaces: ".length() + YamlShapeCheck.MAX_DEPTH);
        } else {
            StringBuilder b = new StringBuilder("name: box\nrootfs:\n");
            for (int i = 1; i <= 30; i++) {
                b.append(" ".repeat(i)).append("k").append(i).append(":\n");
            }
            yaml = b.toString();
            // the mapping under 'rootfs' is level 2; level 21 starts at key k20, line 22
            expected = new Location(22, 21);
        }
        SpecError error = onlyError(yaml);

        assertThat(error.message()).startsWith("nested deeper than 20 levels");
        assertThat(locationOf(error)).isEqualTo(expected);
    }

    @Test
    void nulByteIsLocated() {
        SpecError error = onlyError("name: box\nhostname: a\0b\n");

        assertThat(error.format()).isEqualTo("spec.yaml:2:12: not valid YAML: the character U+0000 is not allowed in a YAML file (a binary file?)");
    }

    @Test
    void binaryFileIsOneLocatedError() throws IOException {
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, (byte) 0xff, (byte) 0xfe, 0, 0};
        Path binary = Files.write(dir.resolve("a.out"), elf);

        // the UTF-8 check comes first: 0xFF is the 11th byte
        assertThat(loadError(binary).format()).startsWith(binary + ":1:11: not UTF-8 text: byte 0xFF ");
        // UTF-8 but still binary: DEL (0x7f) is not allowed in YAML, and it is the very first character
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        assertThat(loadError(binary).format()).startsWith(binary + ":1:1: not valid YAML: the character U+007F is not allowed");
    }

    @Test
    void latin1FileIsLocatedAtTheFirstBadByte() throws IOException {
        Path latin1 = Files.write(dir.resolve("l.yaml"), "name: box\nhostname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(loadError(latin1).format()).isEqualTo(latin1 + ":2:14: not UTF-8 text: byte 0xE9 is not part of a"
                + " UTF-8 character (a binary file, or another encoding: save the spec as UTF-8)");
    }

    @Test
    void twoDocumentsInOneFile() {
        SpecError error = onlyError("name: a\n---\nname: b\n");

        assertThat(locationOf(error)).isEqualTo(new Location(2, 1));
        assertThat(error.message()).contains("single document");
    }

    @Test
    void unclosedQuote() {
        SpecError error = onlyError("name: box\nhostname: \"unclosed\nworkdir: w\n");

        assertThat(error.message()).startsWith("not valid YAML: while scanning a quoted scalar");
        assertThat(error.line()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void badIndentation() {
        SpecError error = onlyError("name: box\nrootfs:\n  overlay: o\n layers: []\n");

        assertThat(locationOf(error)).isEqualTo(new Location(4, 2));
        assertThat(error.message()).startsWith("not valid YAML: ");
    }

    @Test
    void directoryAndMissingFileSayWhatIsWrong() {
        assertThat(loadError(dir).format()).isEqualTo(dir + ": cannot read the spec: it is a directory (give the YAML file itself)");
        Path missing = dir.resolve("nope.yaml");
        assertThat(loadError(missing).format()).isEqualTo(missing + ": cannot read the spec: no such file (check the path)");
    }

    private static SpecError loadError(Path file) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> new YamlSpecLoader().load(file));
        assertThat(e).as("loading %s should fail", file).isNotNull();
        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0).format()).doesNotContain("\n");
        return e.errors().get(0);
    }
}
