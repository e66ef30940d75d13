package dev.jconshgen.spec;

import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jconshgen.spec.YamlSpecs.errors;
import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static dev.jconshgen.spec.YamlSpecs.onlyError;
import static dev.jconshgen.spec.YamlSpecs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** Errors read FILE:LINE:COLUMN: field.path: message and point at the offending text. */
class YamlErrorLocationTest {

    @Test
    void formatIsFileLineColumnPathMessage() {
        String yaml = """
                # a comment line, so the error is not on line 1
                name: box
                hostname: bad_host
                """;
        SpecError error = onlyError(yaml);
        Location at = Location.of(yaml, "bad_host");

        assertThat(error.file()).isEqualTo("spec.yaml");
        assertThat(error.path()).isEqualTo("hostname");
        assertThat(locationOf(error)).isEqualTo(at).isEqualTo(new Location(3, 11));
        assertThat(error.format()).startsWith("spec.yaml:3:11: hostname: 'bad_host' ");
    }

    @Test
    void exceptionMessageHasOneFormattedLinePerError() {
        String yaml = "name: box\nhostname: bad_host\nworkdir: /abs\n";
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> parse(yaml));

        assertThat(e.getMessage().split("\n"))
                .containsExactlyElementsOf(e.errors().stream().map(SpecError::format).toList())
                .hasSize(2)
                .allMatch(line -> line.matches("spec\\.yaml:\\d+:\\d+: [a-zA-Z.\\[\\]0-9]+: .+"));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsOwnLocation() {
        String yaml = """
                apiVersion: jconshgen/v1
                kind: Container
                name: box
                colour: blue
                workdir: ../outside
                rootfs:
                  layers:
                    - busybox: {dir: base}
                  overlay: base/ovly
                user: {mapRootUser: maybe}
                cgroup: {name: box_cgrp, limits: {pids: 0}}
                network: {netns: box, hostAddress: 10.0.0.1/24, containerAddress: 10.0.1.2/24, mtu: 1500}
                """;
        List<SpecError> errors = errors(yaml);

        assertThat(errors)
                .extracting(SpecError::path, SpecError::line, SpecError::column)
                .containsExactlyInAnyOrder(
                        at("colour", yaml, "colour"),
                        at("network.mtu", yaml, "mtu"),
                        at("user.mapRootUser", yaml, "maybe"),
                        at("workdir", yaml, "../outside"),
                        at("rootfs.overlay", yaml, "base/ovly"),
                        at("cgroup.limits.pids", yaml, "0}}"),
                        at("network.containerAddress", yaml, "10.0.1.2/24"));
        assertThat(errors).allSatisfy(e -> assertThat(e.file()).isEqualTo("spec.yaml"));
    }

    @Test
    void missingFieldIsReportedWhereTheDocumentStarts() {
        String yaml = "# only a host name\n\nhostname: box\n";
        List<SpecError> errors = errors(yaml);

        assertThat(errors).filteredOn(e -> e.path().equals("name")).singleElement()
                .satisfies(e -> assertThat(locationOf(e)).isEqualTo(Location.of(yaml, "hostname")));
    }

    @Test
    void semanticErrorOfADefaultIsReportedAtTheClosestWrittenField() {
        // The busybox layer's dir is the default 'lower'; the overlay overlaps it.
        String yaml = "name: box\nrootfs:\n  layers:\n    - busybox: {}\n  overlay: lower/ovly\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo("rootfs.overlay");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "lower/ovly"));
    }

    @Test
    void layerAfterAMalformedLayerKeepsItsOwnIndexAndLocation() {
        String yaml = """
                name: box
                rootfs:
                  layers:
                    - just-a-string
                    - directory: {dir: /abs}
                """;

        assertThat(errors(yaml))
                .extracting(SpecError::path, SpecError::line, SpecError::column)
                .containsExactly(
                        at("rootfs.layers[0]", yaml, "just-a-string"),
                        at("rootfs.layers[1].directory.dir", yaml, "/abs"));
    }

    private static org.assertj.core.groups.Tuple at(String path, String yaml, String needle) {
        Location location = Location.of(yaml, needle);
        return tuple(path, location.line(), location.column());
    }
}
