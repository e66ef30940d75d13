package dev.jconshgen.cli;

import dev.jconshgen.apply.ApplyReport;
import dev.jconshgen.apply.DestroyReport;
import dev.jconshgen.apply.Progress;
import dev.jconshgen.apply.StepResult;
import dev.jconshgen.verify.CheckResult;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How reports look: lines for people as things happen, or JSON for pipelines. */
final class Reports {
    private Reports() {
    }

    /** Prints each step when it ends and each check as it is made. */
    static Progress live(PrintWriter out) {
        return live(out, Style.PLAIN);
    }

    /** Progress for the command's options: nothing with --quiet or --json, coloured on a terminal. */
    static Progress forRun(PrintWriter out, Main main, boolean json) {
        return json || main.quiet ? Progress.SILENT : live(out, main.style());
    }

    static Progress live(PrintWriter out, Style style) {
        return new Progress() {
            @Override
            public void stepFinished(StepResult step) {
                String status = String.format("%-6s", step.ok() ? "OK" : "FAILED");
                out.printf(java.util.Locale.ROOT, "%-24s %s %6.2f s%n", step.name(),
                        step.ok() ? style.good(status) : style.bad(status), step.duration().toNanos() / 1e9);
                out.flush();
            }

            @Override
            public void check(CheckResult check) {
                out.println(checkLine(check, style));
                out.flush();
            }

            @Override
            public void note(String message) {
                out.println(message);
                out.flush();
            }
        };
    }

    static String checkLine(CheckResult check) {
        return checkLine(check, Style.PLAIN);
    }

    static String checkLine(CheckResult check, Style style) {
        String status = String.format("%-4s", check.status());
        String painted = switch (check.status()) {
            case PASS -> style.good(status);
            case SKIP -> style.note(status);
            case FAIL -> style.bad(status);
        };
        String line = "  " + painted + " " + check.name();
        return switch (check.status()) {
            case PASS -> line + ": " + check.actual();
            case SKIP -> line + " (" + check.expected() + ")";
            case FAIL -> line + ": expected " + check.expected() + "; saw " + check.actual();
        };
    }

    static Map<String, Object> json(ApplyReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", report.name());
        map.put("ok", report.ok());
        map.put("pid", report.pid());
        map.put("steps", report.steps().stream().map(Reports::json).toList());
        map.put("checks", json(report.checks()));
        map.put("failure", report.failure().orElse(null));
        return map;
    }

    static Map<String, Object> json(DestroyReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", report.name());
        map.put("found", report.found());
        map.put("ok", report.ok());
        map.put("steps", report.steps().stream().map(Reports::json).toList());
        map.put("leftovers", report.leftovers());
        return map;
    }

    static List<Object> json(List<CheckResult> checks) {
        return checks.stream().map(c -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", c.name());
            map.put("status", c.status().name());
            map.put("expected", c.expected());
            map.put("actual", c.actual());
            return (Object) map;
        }).toList();
    }

    private static Map<String, Object> json(StepResult step) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", step.name());
        map.put("ok", step.ok());
        map.put("seconds", step.duration().toMillis() / 1000.0);
        map.put("output", step.output());
        return map;
    }
}
