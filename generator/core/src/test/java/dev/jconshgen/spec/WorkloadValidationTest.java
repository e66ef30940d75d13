package dev.jconshgen.spec;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.jconshgen.spec.YamlSpecs.Location;
import static dev.jconshgen.spec.YamlSpecs.errors;
import static dev.jconshgen.spec.YamlSpecs.onlyError;
import static dev.jconshgen.spec.YamlSpecs.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** command: and probes: bind as data, and every wrong value is named at its line and column. */
class WorkloadValidationTest {
    private static final String NET = "name: w\nnetwork: {netns: w, hostAddress: 10.0.0.1/24, containerAddress: 10.0.0.2/24}\n";

    @Test
    void commandAndProbesBindInOrder() {
        ContainerSpec spec = parse(NET + """
                command: [nc, -ll, -p, "50000", -e, echo, "it's $(id) `id`"]
                probes:
                  - tcp: {port: 50000, expect: it's}
                  - http: {port: 80}
                  - exec: {command: [hostname], expect: w}
                """);

        assertThat(spec.command()).containsExactly("nc", "-ll", "-p", "50000", "-e", "echo", "it's $(id) `id`");
        assertThat(spec.probes()).containsExactly(
                new Probe.Tcp(50000, "it's"),
                new Probe.Http(80, "/", 200, null),
                new Probe.Exec(List.of("hostname"), "w"));
    }

    @Test
    void noCommandAndNoProbesByDefault() {
        ContainerSpec spec = parse("name: w\n");

        assertThat(spec.command()).isEmpty();
        assertThat(spec.probes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "unquoted number argument  | command: [nc, -p, 50000]                         | 50000]   | command[2]               | quote it",
            "command not a list        | command: nc -l                                   | nc -l    | command                  | expected a list",
            "empty program             | command: ['', x]                                 | '', x    | command[0]               | program name is empty",
            "tab in an argument        | command: [sh, \"a\\tb\"]                         | \"a\\tb  | command[1]               | control character",
            "tcp port 0                | probes: [{tcp: {port: 0}}]                       | 0}}]     | probes[0].tcp.port       | not a TCP port",
            "tcp port 70000            | probes: [{tcp: {port: 70000}}]                   | 70000    | probes[0].tcp.port       | not a TCP port",
            "tcp without port          | probes: [{tcp: {expect: hi}}]                    | {expect  | probes[0].tcp.port       | is required",
            "tcp empty expect          | probes: [{tcp: {port: 1, expect: ''}}]           | ''       | probes[0].tcp.expect     | is empty",
            "http relative path        | probes: [{http: {port: 80, path: x.html}}]       | x.html   | probes[0].http.path      | not a URL path",
            "http path with a space    | probes: [{http: {port: 80, path: '/a b'}}]       | '/a b'   | probes[0].http.path      | not a URL path",
            "http status 42            | probes: [{http: {port: 80, status: 42}}]         | 42       | probes[0].http.status    | not an HTTP status",
            "exec empty command        | probes: [{exec: {command: []}}]                  | []       | probes[0].exec.command   | at least the program",
            "exec without command      | probes: [{exec: {expect: x}}]                    | {expect  | probes[0].exec.command   | at least the program",
            "unknown probe kind        | probes: [{udp: {port: 1}}]                       | udp      | probes[0].udp            | unknown key 'udp'",
            "two kinds in one probe    | probes: [{tcp: {port: 1}, exec: {command: [x]}}] | {tcp     | probes[0]                | exactly one of",
            "unknown tcp key           | probes: [{tcp: {port: 1, banner: x}}]            | banner   | probes[0].tcp.banner     | unknown key 'banner'"})
    void rejected(String what, String line, String at, String path, String problem) {
        String yaml = NET + line.replace("\\t", "\t") + "\n";
        SpecError error = onlyError(yaml);

        Location where = Location.of(yaml, at.replace("\\t", "\t"));
        assertThat(error.path()).isEqualTo(path);
        assertThat(error.message()).contains(problem);
        assertThat(List.of(error.line(), error.column())).isEqualTo(List.of(where.line(), where.column()));
    }

    @Test
    void tcpAndHttpProbesNeedANetworkButExecDoesNot() {
        String yaml = "name: w\nprobes:\n  - tcp: {port: 1}\n  - exec: {command: [ls]}\n  - http: {port: 80}\n";
        List<SpecError> found = errors(yaml);

        assertThat(found).extracting(SpecError::path).containsExactly("probes[0].tcp", "probes[2].http");
        assertThat(found).allSatisfy(e -> assertThat(e.message()).contains("needs 'network'"));
        assertThat(found.get(1).line()).isEqualTo(5);
    }

    @Test
    void tooManyArguments() {
        String args = String.join(", ", java.util.Collections.nCopies(WorkloadValidator.MAX_ARGS + 1, "x"));
        SpecError error = onlyError("name: w\ncommand: [" + args + "]\n");

        assertThat(error.path()).isEqualTo("command");
        assertThat(error.message()).contains("at most " + WorkloadValidator.MAX_ARGS);
    }

    @Test
    void anArgumentTooLong() {
        SpecError error = onlyError("name: w\ncommand: [echo, " + "y".repeat(WorkloadValidator.MAX_ARG_BYTES + 1) + "]\n");

        assertThat(error.path()).isEqualTo("command[1]");
        assertThat(error.message()).contains("longer than " + WorkloadValidator.MAX_ARG_BYTES);
    }

    @Test
    void probeIndexesStayThoseOfTheYamlListWhenAnEarlierProbeIsMalformed() {
        String yaml = NET + "probes:\n  - nonsense\n  - tcp: {port: 99999}\n";
        List<SpecError> found = errors(yaml);

        assertThat(found).extracting(SpecError::path).containsExactly("probes[0]", "probes[1].tcp.port");
        assertThat(found.get(1).line()).isEqualTo(Location.of(yaml, "99999").line());
    }
}
