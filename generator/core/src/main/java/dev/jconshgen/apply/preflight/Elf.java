package dev.jconshgen.apply.preflight;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells a static executable from a dynamic one by its ELF program headers (see elf(5)): a
 * dynamic one has a PT_INTERP entry naming the loader, which a container without shared
 * libraries does not have. This is what 'ldd' reports as "not a dynamic executable", without
 * running anything.
 */
public final class Elf {
    private static final int PT_INTERP = 3;
    private static final int MAX_PROGRAM_HEADERS = 4096;

    public enum Kind { STATIC, DYNAMIC, NOT_ELF, UNREADABLE }

    /** @param detail the loader of a dynamic executable, or why a file could not be read */
    public record Linking(Kind kind, String detail) {
    }

    private Elf() {
    }

    public static Linking inspect(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer ident = read(channel, 0, 16);
            if (ident.remaining() < 16 || ident.getInt(0) != 0x7f454c46) {
                return new Linking(Kind.NOT_ELF, "");
            }
            boolean is64 = ident.get(4) == 2;
            ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer header = read(channel, 0, is64 ? 64 : 52).order(order);
            if (header.remaining() < (is64 ? 64 : 52)) {
                return new Linking(Kind.NOT_ELF, "");
            }
            long phoff = is64 ? header.getLong(0x20) : Integer.toUnsignedLong(header.getInt(0x1c));
            int phentsize = Short.toUnsignedInt(header.getShort(is64 ? 0x36 : 0x2a));
            int phnum = Math.min(Short.toUnsignedInt(header.getShort(is64 ? 0x38 : 0x2c)), MAX_PROGRAM_HEADERS);
            for (int i = 0; i < phnum; i++) {
                ByteBuffer ph = read(channel, phoff + (long) i * phentsize, is64 ? 56 : 32).order(order);
                if (ph.remaining() < (is64 ? 56 : 32)) {
                    break;
                }
                if (ph.getInt(0) == PT_INTERP) {
                    long offset = is64 ? ph.getLong(8) : Integer.toUnsignedLong(ph.getInt(4));
                    long size = is64 ? ph.getLong(32) : Integer.toUnsignedLong(ph.getInt(16));
                    ByteBuffer name = read(channel, offset, (int) Math.min(size, 4096));
                    String loader = StandardCharsets.UTF_8.decode(name).toString().replace("\0", "");
                    return new Linking(Kind.DYNAMIC, loader);
                }
            }
            return new Linking(Kind.STATIC, "");
        } catch (IOException | RuntimeException e) {
            return new Linking(Kind.UNREADABLE, String.valueOf(e.getMessage()));
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
            // positional reads until full or end of file
        }
        return buffer.flip();
    }
}
