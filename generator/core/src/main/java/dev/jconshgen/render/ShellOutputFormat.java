package dev.jconshgen.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;

import java.io.IOException;
import java.io.Writer;

/**
 * A Freemarker output format in which every interpolation becomes one single-quoted shell word.
 * Spec values therefore reach a generated script only as data: inside single quotes the shell
 * expands nothing ({@code $}, backticks, {@code ;} and spaces are plain characters), and a
 * single quote in a value is written as {@code '\''}; {@code $} and backticks likewise as
 * {@code '\$'} and {@code '\`'} (plain inside the quotes too, but shellcheck's SC2016 takes a
 * single-quoted {@code $(} for a mistake). Control characters are refused outright: a newline
 * would survive quoting but could end a comment line and start a command.
 */
public final class ShellOutputFormat extends CommonMarkupOutputFormat<ShellOutputFormat.Quoted> {
    public static final ShellOutputFormat INSTANCE = new ShellOutputFormat();

    private ShellOutputFormat() {
    }

    /** Quotes one value as a single POSIX shell word. */
    public static String quote(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(String.format(
                        "refusing to write a value with control character U+%04X into a shell script", (int) c));
            }
        }
        return "'" + value.replace("'", "'\\''").replace("$", "'\\$'").replace("`", "'\\`'") + "'";
    }

    @Override
    public String getName() {
        return "POSIX shell";
    }

    @Override
    public String getMimeType() {
        return "text/x-shellscript";
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(quote(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        return quote(plainTextContent);
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Quoted newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Quoted(plainTextContent, markupContent);
    }

    /** A value already turned into shell text. */
    public static final class Quoted extends CommonTemplateMarkupOutputModel<Quoted> {
        Quoted(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public ShellOutputFormat getOutputFormat() {
            return INSTANCE;
        }
    }
}
