package dev.jconshgen.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a spec file as UTF-8 text, refusing what cannot be a spec before any YAML parsing: a
 * missing file, a directory, an unreadable file, more than {@link #MAX_BYTES}, bytes that are not
 * UTF-8. At most {@code MAX_BYTES + 1} bytes are ever read, so memory stays bounded whatever the
 * file is (a 20 MB file, /dev/zero).
 */
final class SpecFileReader {
    /**
     * 1 MiB. A complete spec is well under 1 KiB; this leaves room for any amount of comments,
     * and a file this size still parses in milliseconds with little memory.
     */
    static final int MAX_BYTES = 1024 * 1024;
    static final String LIMIT_TEXT = "1 MiB";

    private SpecFileReader() {
    }

    static String read(Path file) {
        String label = file.toString();
        if (Files.isDirectory(file)) {
            throw fileError(label, "cannot read the spec: it is a directory (give the YAML file itself)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw fileError(label, "cannot read the spec: no such file (check the path)");
        } catch (AccessDeniedException e) {
            throw fileError(label, "cannot read the spec: permission denied (make it readable for this user)");
        } catch (IOException e) {
            throw fileError(label, "cannot read the spec: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw fileError(label, tooLarge());
        }
        return decode(label, bytes);
    }

    static String tooLarge() {
        return "the spec is larger than " + LIMIT_TEXT + ", the limit for a spec file (a spec is a few hundred bytes: is this the right file?)";
    }

    /** Strict UTF-8: the first malformed byte is reported at its line and column. */
    private static String decode(String label, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            out.flip();
            String before = out.toString();
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            String lastLine = before.substring(before.lastIndexOf('\n') + 1);
            int column = lastLine.codePointCount(0, lastLine.length()) + 1;
            throw new InvalidSpecException(List.of(new SpecError(label, line, column, "",
                    String.format("not UTF-8 text: byte 0x%02X is not part of a UTF-8 character (a binary file, or"
                            + " another encoding: save the spec as UTF-8)", bytes[at] & 0xff))));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static InvalidSpecException fileError(String label, String message) {
        return new InvalidSpecException(List.of(new SpecError(label, 0, 0, "", message)));
    }
}
