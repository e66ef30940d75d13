package dev.jconshgen.cli;

import dev.jconshgen.render.Style;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.List;

/** {@code --style lesson|robust}, shared by generate, plan and explain. */
final class StyleOption {
    @Option(names = "--style", paramLabel = "STYLE", defaultValue = "robust", converter = Converter.class,
            completionCandidates = Names.class,
            description = "lesson: the handout's scripts, the lab's commands step by step with why and their man pages"
                    + " (set -e, no guards); robust (the default): the scripts apply runs, with every guard and consh_lib.sh."
                    + " Both come from the same templates.")
    Style style;

    static final class Converter implements ITypeConverter<Style> {
        @Override
        public Style convert(String value) {
            for (Style style : Style.values()) {
                if (style.id().equals(value)) {
                    return style;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a style: lesson or robust");
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("lesson", "robust").iterator();
        }
    }
}
