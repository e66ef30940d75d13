package dev.jconshgen.verify;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * A verify report as JUnit XML, the format graders' and CI systems' test report readers take: one
 * testsuite (the container or lab), one testcase per check; a failed check carries a failure with
 * what was expected and what was seen, a skipped one says why. Deterministic: no timestamps, no
 * host name, no durations (the same container gives the same file).
 */
public final class JunitXml {
    private JunitXml() {
    }

    /** verify's report: the suite "jconshgen verify SUITE". */
    public static String of(String suite, List<CheckResult> checks) {
        return of("verify", suite, checks);
    }

    /** The report of jconshgen's COMMAND (verify, preflight): the suite "jconshgen COMMAND SUITE". */
    public static String of(String command, String suite, List<CheckResult> checks) {
        StringWriter text = new StringWriter();
        write(command, suite, checks, text);
        return text.toString();
    }

    public static void write(String suite, List<CheckResult> checks, Writer out) {
        write("verify", suite, checks, out);
    }

    private static void write(String command, String suite, List<CheckResult> checks, Writer out) {
        long failures = checks.stream().filter(CheckResult::failed).count();
        long skipped = checks.stream().filter(c -> c.status() == CheckResult.Status.SKIP).count();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "jconshgen " + command + " " + suite);
            xml.writeAttribute("tests", Integer.toString(checks.size()));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Long.toString(skipped));
            xml.writeCharacters("\n");
            for (CheckResult check : checks) {
                xml.writeCharacters("  ");
                boolean empty = check.status() == CheckResult.Status.PASS;
                if (empty) {
                    xml.writeEmptyElement("testcase");
                } else {
                    xml.writeStartElement("testcase");
                }
                xml.writeAttribute("classname", "jconshgen." + command + "." + suite);
                xml.writeAttribute("name", check.name());
                if (check.status() == CheckResult.Status.FAIL) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", "expected " + check.expected() + "; saw " + check.actual());
                    xml.writeCharacters("expected: " + check.expected() + "\nseen: " + check.actual());
                    xml.writeEndElement();
                    xml.writeCharacters("\n  ");
                    xml.writeEndElement();
                } else if (check.status() == CheckResult.Status.SKIP) {
                    xml.writeCharacters("\n    ");
                    xml.writeEmptyElement("skipped");
                    xml.writeAttribute("message", check.expected());
                    xml.writeCharacters("\n  ");
                    xml.writeEndElement();
                }
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("cannot write the JUnit report: " + e.getMessage(), e));
        }
    }
}
