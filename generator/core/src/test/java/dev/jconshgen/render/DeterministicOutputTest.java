package dev.jconshgen.render;

import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/** The same spec always renders the same bytes, with nothing of the machine or the moment in them. */
class DeterministicOutputTest {

    @TempDir
    Path tmp;

    @Test
    void renderingTwiceGivesEqualScripts() throws IOException {
        var spec = new YamlSpecLoader().load(copyOfLabSpec(tmp)).spec();
        ScriptRenderer renderer = new ScriptRenderer();

        List<GeneratedScript> first = renderer.render(spec);
        assertThat(renderer.render(spec)).isEqualTo(first);
        assertThat(new ScriptRenderer().render(spec)).isEqualTo(first);
    }

    @Test
    void whereTheSpecLivesDoesNotMatter() throws IOException {
        assertThat(render(copyOfLabSpec(tmp.resolve("one/place")))).isEqualTo(render(copyOfLabSpec(tmp.resolve("other")))).isNotEmpty();
    }

    @Test
    void localeAndTimeZoneDoNotMatter() throws IOException {
        Path spec = copyOfLabSpec(tmp);
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        List<GeneratedScript> first = render(spec);
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertThat(render(spec)).isEqualTo(first);
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void noMachinePathAndNoTimestamp() throws IOException {
        Path spec = copyOfLabSpec(tmp);
        List<String> forbidden = List.of(
                tmp.toString(), tmp.toRealPath().toString(),
                System.getProperty("user.dir"), Repo.root().toString(),
                // the temporary directory as a path prefix (the scripts name /tmp itself as a system directory)
                Path.of(System.getProperty("java.io.tmpdir")) + "/",
                LocalDate.now().toString());

        for (GeneratedScript script : render(spec)) {
            assertThat(script.content()).as(script.fileName())
                    .doesNotContain(forbidden)
                    .doesNotContainPattern("\\b(19|20)\\d\\d-\\d\\d-\\d\\d\\b")
                    .doesNotContainPattern("\\b\\d\\d:\\d\\d:\\d\\d\\b");
        }
    }

    private static List<GeneratedScript> render(Path specFile) {
        return new ScriptRenderer().render(new YamlSpecLoader().load(specFile).spec());
    }

    private static Path copyOfLabSpec(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.copy(Repo.labSpec(), dir.resolve("lab.yaml"));
    }
}
