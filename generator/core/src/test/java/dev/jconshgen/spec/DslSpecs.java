package dev.jconshgen.spec;

import dev.jconshgen.dsl.Container;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Builds specs with the Java DSL for the validation tests. */
final class DslSpecs {
    private DslSpecs() {
    }

    /** A container whose every other field is valid, so that only the field under test can fail. */
    static Container box() {
        return Container.named("box").hostname("box").workdir("box");
    }

    /** The errors of a spec that build() must refuse; each is located at {@code <java>} without line. */
    static List<SpecError> errors(Container container) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, container::build);
        assertThat(e).as("build() should refuse %s", container.buildUnvalidated()).isNotNull();
        assertThat(e.errors()).allSatisfy(error -> {
            assertThat(error.file()).isEqualTo("<java>");
            assertThat(error.line()).isZero();
            assertThat(error.column()).isZero();
            assertThat(error.format()).isEqualTo("<java>: " + error.path() + ": " + error.message());
        });
        return e.errors();
    }

    /** The single error of a spec with one problem. */
    static SpecError onlyError(Container container) {
        List<SpecError> errors = errors(container);
        assertThat(errors).as("errors of %s", container.buildUnvalidated()).hasSize(1);
        return errors.get(0);
    }
}
