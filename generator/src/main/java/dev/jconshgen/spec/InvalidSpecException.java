package dev.jconshgen.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec could not be used; carries every error found, not only the first. */
public class InvalidSpecException extends RuntimeException {
    private final List<SpecError> errors;

    public InvalidSpecException(List<SpecError> errors) {
        super(errors.stream().map(SpecError::format).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
