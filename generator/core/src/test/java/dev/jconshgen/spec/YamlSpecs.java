package dev.jconshgen.spec;

import dev.jconshgen.model.ContainerSpec;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Parses test YAML and locates text in it, so that expected lines and columns are computed, not copied. */
final class YamlSpecs {
    static final String FILE = "spec.yaml";

    private YamlSpecs() {
    }

    static ContainerSpec parse(String yaml) {
        return new YamlSpecLoader().parse(FILE, yaml);
    }

    /** The errors of a spec that must be rejected. */
    static List<SpecError> errors(String yaml) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> parse(yaml));
        assertThat(e).as("spec should be rejected:%n%s", yaml).isNotNull();
        return e.errors();
    }

    /** The only error of a spec with exactly one problem. */
    static SpecError onlyError(String yaml) {
        List<SpecError> errors = errors(yaml);
        assertThat(errors).as("errors of%n%s", yaml).hasSize(1);
        return errors.get(0);
    }

    /** 1-based line and column where {@code needle} starts; the needle must occur exactly once. */
    record Location(int line, int column) {
        static Location of(String text, String needle) {
            int index = text.indexOf(needle);
            assertThat(index).as("'%s' in the test YAML", needle).isNotNegative();
            assertThat(text.indexOf(needle, index + 1)).as("'%s' occurs once in the test YAML", needle).isNegative();
            int lineStart = text.lastIndexOf('\n', index - 1) + 1;
            int line = (int) text.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
            return new Location(line, index - lineStart + 1);
        }
    }

    static Location locationOf(SpecError error) {
        return new Location(error.line(), error.column());
    }
}
