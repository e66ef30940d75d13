package dev.jconshgen.spec;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;

import java.util.List;
import java.util.stream.Collectors;

/** A spec could not be used (exit code 2); carries every error found, not only the first. */
public class InvalidSpecException extends JconshgenException {
    private final List<SpecError> errors;

    public InvalidSpecException(List<SpecError> errors) {
        super(ExitCode.INVALID_INPUT, errors.stream().map(SpecError::format).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
