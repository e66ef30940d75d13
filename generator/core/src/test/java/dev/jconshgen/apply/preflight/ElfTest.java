package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ElfTest {
    @TempDir
    Path dir;

    /** A minimal ELF file: header, program headers of the given types, and the loader name. */
    private Path elf(boolean is64, ByteOrder order, int... types) throws IOException {
        int ehsize = is64 ? 64 : 52;
        int phentsize = is64 ? 56 : 32;
        String loader = "/lib/ld-test.so.1\0";
        int loaderOffset = ehsize + types.length * phentsize;
        ByteBuffer b = ByteBuffer.allocate(loaderOffset + loader.length()).order(order);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (order == ByteOrder.BIG_ENDIAN ? 2 : 1), 1});
        if (is64) {
            b.putLong(0x20, ehsize).putShort(0x36, (short) phentsize).putShort(0x38, (short) types.length);
        } else {
            b.putInt(0x1c, ehsize).putShort(0x2a, (short) phentsize).putShort(0x2c, (short) types.length);
        }
        for (int i = 0; i < types.length; i++) {
            int ph = ehsize + i * phentsize;
            b.putInt(ph, types[i]);
            if (is64) {
                b.putLong(ph + 8, loaderOffset).putLong(ph + 32, loader.length());
            } else {
                b.putInt(ph + 4, loaderOffset).putInt(ph + 16, loader.length());
            }
        }
        b.position(loaderOffset);
        b.put(loader.getBytes(StandardCharsets.US_ASCII));
        Path file = dir.resolve("elf" + (is64 ? 64 : 32) + order + types.length);
        Files.write(file, b.array());
        return file;
    }

    @Test
    void aProgramHeaderOfTypeInterpMakesItDynamic() throws IOException {
        // PT_LOAD (1), PT_INTERP (3)
        assertThat(Elf.inspect(elf(true, ByteOrder.LITTLE_ENDIAN, 1, 3)))
                .isEqualTo(new Elf.Linking(Elf.Kind.DYNAMIC, "/lib/ld-test.so.1"));
        assertThat(Elf.inspect(elf(false, ByteOrder.BIG_ENDIAN, 1, 3)))
                .isEqualTo(new Elf.Linking(Elf.Kind.DYNAMIC, "/lib/ld-test.so.1"));
    }

    @Test
    void withoutInterpItIsStaticEvenWithADynamicSection() throws IOException {
        // PT_LOAD, PT_DYNAMIC (2): a static-pie has a dynamic section but no loader
        assertThat(Elf.inspect(elf(true, ByteOrder.LITTLE_ENDIAN, 1, 2)).kind()).isEqualTo(Elf.Kind.STATIC);
        assertThat(Elf.inspect(elf(false, ByteOrder.LITTLE_ENDIAN, 1)).kind()).isEqualTo(Elf.Kind.STATIC);
    }

    @Test
    void aScriptOrAShortFileIsNotElf() throws IOException {
        Path script = Files.writeString(dir.resolve("busybox"), "#!/bin/sh\nexec /bin/busybox \"$@\"\n");
        Path tiny = Files.write(dir.resolve("tiny"), new byte[] {0x7f, 'E', 'L', 'F'});

        assertThat(Elf.inspect(script).kind()).isEqualTo(Elf.Kind.NOT_ELF);
        assertThat(Elf.inspect(tiny).kind()).isEqualTo(Elf.Kind.NOT_ELF);
    }

    @Test
    void aMissingFileIsUnreadable() {
        assertThat(Elf.inspect(dir.resolve("missing")).kind()).isEqualTo(Elf.Kind.UNREADABLE);
    }

    @Test
    void theHostsShellIsDynamicAndItsBusyboxStaticPackageIsStatic() {
        Path sh = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(sh));
        assertThat(Elf.inspect(sh).kind()).isEqualTo(Elf.Kind.DYNAMIC);
        Path busybox = Path.of("/bin/busybox");
        assumeTrue(Files.isExecutable(busybox) && Files.exists(Path.of("/var/lib/dpkg/info/busybox-static.list")));
        assertThat(Elf.inspect(busybox).kind()).isEqualTo(Elf.Kind.STATIC);
    }
}
