package dev.jconshgen.render;

/** One rendered script: its file name and its full text. */
public record GeneratedScript(String fileName, String content) {
}
