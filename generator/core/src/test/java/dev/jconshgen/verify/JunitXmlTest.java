package dev.jconshgen.verify;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JUnit XML a grader or CI reads: one testcase per check, failures with both sides, skips with the reason. */
class JunitXmlTest {
    private static final List<CheckResult> CHECKS = List.of(
            CheckResult.of("hostname", true, "consh-host", "consh-host"),
            CheckResult.of("cgroup limit pids", false, "17 in /sys/fs/cgroup/x/pids.max", "16 <& \"quoted\">"),
            CheckResult.skip("/MANIFEST in the container", "this container has none"));

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneTestcasePerCheckWithTheSuitesCounts() throws Exception {
        Element suite = parse(JunitXml.of("consh", CHECKS)).getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("jconshgen verify consh");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("hostname");
        assertThat(((Element) cases.item(0)).getAttribute("classname")).isEqualTo("jconshgen.verify.consh");
        assertThat(((Element) cases.item(0)).getChildNodes().getLength()).as("a passed check has no child").isZero();
    }

    @Test
    void aFailureCarriesExpectedAndSeenEvenWithMarkupInThem() throws Exception {
        Element failed = (Element) parse(JunitXml.of("consh", CHECKS)).getElementsByTagName("testcase").item(1);
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("expected 17 in /sys/fs/cgroup/x/pids.max; saw 16 <& \"quoted\">");
        assertThat(failure.getTextContent()).isEqualTo("expected: 17 in /sys/fs/cgroup/x/pids.max\nseen: 16 <& \"quoted\">");
    }

    @Test
    void aSkipSaysWhy() throws Exception {
        Element skipped = (Element) parse(JunitXml.of("consh", CHECKS)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("this container has none");
        assertThat(((Element) skipped.getParentNode()).getAttribute("name")).isEqualTo("/MANIFEST in the container");
    }

    @Test
    void theSameChecksGiveTheSameFileWithNoTimeOrHost() {
        String xml = JunitXml.of("consh", CHECKS);
        assertThat(JunitXml.of("consh", CHECKS)).isEqualTo(xml);
        assertThat(xml).doesNotContain("timestamp").doesNotContain("time=").doesNotContain("hostname=");
    }
}
