package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.JunitXml;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * verify's report of one container or lab, however it was found: a line per check and a last
 * line 'score: PASSED/TOTAL' for people and graders, JSON for pipelines, JUnit XML for CI. The
 * score counts the checks that applied: a SKIP (a check that does not apply to this container,
 * with its reason) is in neither number.
 */
record CheckReport(String name, java.util.List<CheckResult> checks) {

    boolean ok() {
        return checks.stream().noneMatch(CheckResult::failed);
    }

    long passed() {
        return count(CheckResult.Status.PASS);
    }

    long failed() {
        return count(CheckResult.Status.FAIL);
    }

    long skipped() {
        return count(CheckResult.Status.SKIP);
    }

    /** "score: 12/14": passed over the checks that applied. */
    String score() {
        return "score: " + passed() + "/" + (passed() + failed());
    }

    private long count(CheckResult.Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }

    /** Prints the report as the options ask and writes the JUnit file; the exit code: 0 all passed, 1 a check failed. */
    int print(CommandLine cli, Main main, boolean json, Path junit) {
        if (junit != null) {
            Outputs.write(junit, JunitXml.of(name, checks).getBytes(StandardCharsets.UTF_8));
        }
        PrintWriter out = cli.getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("name", name);
            report.put("ok", ok());
            report.put("passed", passed());
            report.put("failed", failed());
            report.put("skipped", skipped());
            report.put("checks", Reports.json(checks));
            out.println(Json.write(report));
            out.flush();
        } else if (main.quiet) {
            // --quiet: the failed checks only, as errors
            PrintWriter err = cli.getErr();
            checks.stream().filter(CheckResult::failed).forEach(c -> err.println(Reports.checkLine(c)));
            if (!ok()) {
                err.println(failed() + " check(s) FAILED");
                err.println(score());
            }
            err.flush();
        } else {
            Style style = main.style();
            checks.forEach(c -> out.println(Reports.checkLine(c, style)));
            // Each SKIP is on its own line with its reason; the score leaves them out.
            out.println(ok() ? "all checks passed" : style.bad(failed() + " check(s) FAILED"));
            out.println(score());
            out.flush();
        }
        return ok() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
