package dev.jconshgen.render;

import freemarker.template.Configuration;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The templates are prepared once per process, whichever thread asks first. */
class TemplatesTest {

    @Test
    void everyCallerGetsTheOneConfigurationWithAllTemplatesParsed() throws Exception {
        Templates.prepareInBackground();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Configuration>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit((Callable<Configuration>) Templates::configuration));
            }
            Configuration first = answers.get(0).get();
            for (Future<Configuration> answer : answers) {
                assertThat(answer.get()).isSameAs(first);
            }
            for (ScriptKind kind : ScriptKind.values()) {
                assertThat(first.getTemplate(kind.templateName())).isSameAs(first.getTemplate(kind.templateName()));
            }
        } finally {
            pool.shutdownNow();
        }
        Templates.prepareInBackground(); // a second start changes nothing
        assertThat(Templates.configuration()).isSameAs(Templates.configuration());
    }
}
