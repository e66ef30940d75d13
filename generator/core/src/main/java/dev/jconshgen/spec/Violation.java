package dev.jconshgen.spec;

/** A validation failure of a field, before it is given a location in a file. */
public record Violation(String path, String message) {
}
