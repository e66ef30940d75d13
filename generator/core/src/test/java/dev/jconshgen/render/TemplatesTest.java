package dev.jconshgen.render;

import freemarker.template.Template;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The templates are parsed once per process, whichever thread asks first. */
class TemplatesTest {

    @Test
    void everyCallerGetsTheOneParsedTemplateWhileTheBackgroundParsesToo() throws Exception {
        Templates.prepareInBackground();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (ScriptKind kind : ScriptKind.values()) {
                List<Future<Template>> answers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    answers.add(pool.submit((Callable<Template>) () -> Templates.template(kind.templateName())));
                }
                Template first = answers.get(0).get();
                assertThat(first.getName()).isEqualTo(kind.templateName());
                for (Future<Template> answer : answers) {
                    assertThat(answer.get()).isSameAs(first);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Templates.prepareInBackground(); // a second start finds nothing to do
        assertThat(Templates.configuration()).isSameAs(Templates.configuration());
    }

    @Test
    void aNameThatIsNoScriptTemplateIsRefused() {
        assertThatThrownBy(() -> Templates.template("consh_nothing.sh.ftl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consh_nothing.sh.ftl");
    }
}
