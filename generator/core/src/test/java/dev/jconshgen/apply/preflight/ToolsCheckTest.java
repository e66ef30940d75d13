package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ToolsCheckTest {
    private final FakeHost host = new FakeHost();
    private final ToolsCheck check = new ToolsCheck();

    @Test
    void everyToolThereAndAStaticBusyboxIsFine() {
        assertThat(host.run(check, FakeHost.labLike())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"sh,dash", "unshare,util-linux", "setsid,util-linux", "nsenter,util-linux", "busybox,busybox-static",
            "ip,iproute2", "mount,mount", "umount,mount", "ping,iputils-ping"})
    void aMissingToolNamesItsDebianPackage(String tool, String debianPackage) {
        host.tools.remove(tool);

        assertThat(host.run(check, FakeHost.labLike())).singleElement().satisfies(b -> {
            assertThat(b.problem()).isEqualTo(tool + " is not installed: not found on PATH (/usr/bin)");
            assertThat(b.remedy()).isEqualTo("sudo apt-get install " + debianPackage);
        });
    }

    @Test
    void theNetworkToolsAreOnlyNeededForANetwork() {
        host.tools.keySet().removeAll(java.util.List.of("ip", "mount", "umount", "ping"));

        assertThat(host.run(check, FakeHost.box())).isEmpty();
        assertThat(host.run(check, FakeHost.labLike())).hasSize(4);
    }

    @ParameterizedTest
    @CsvSource({"tar,tar", "mknod,coreutils", "setfattr,attr"})
    void theImageToolsAreNeededForAnImageLayerOnly(String tool, String debianPackage) {
        host.tools.remove(tool);
        var image = new dev.jconshgen.model.Layer.Image("img", null, null,
                java.util.List.of(new dev.jconshgen.model.Layer.Image.Blob("sha256:" + "a".repeat(64), true, "blobs/sha256/a")));

        assertThat(host.run(check, FakeHost.labLike())).isEmpty();
        assertThat(host.run(check, FakeHost.labLike().imageLayer(image))).singleElement().satisfies(b -> {
            assertThat(b.problem()).isEqualTo(tool + " is not installed: not found on PATH (/usr/bin)");
            assertThat(b.remedy()).isEqualTo("sudo apt-get install " + debianPackage);
        });
    }

    @Test
    void everyMissingToolIsReported() {
        host.tools.clear();

        assertThat(host.run(check, FakeHost.labLike())).hasSize(ToolsCheck.TOOLS.size());
    }

    @Test
    void aDynamicBusyboxIsABlocker() {
        host.linking.put(Path.of("/usr/bin/busybox"), new Elf.Linking(Elf.Kind.DYNAMIC, "/lib64/ld-linux-x86-64.so.2"));

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("busybox at /usr/bin/busybox is dynamically linked", "/lib64/ld-linux-x86-64.so.2");
            assertThat(b.remedy()).startsWith("sudo apt-get install busybox-static");
        });
    }

    @Test
    void aBusyboxThatIsNoElfBinaryIsABlocker() {
        host.linking.put(Path.of("/usr/bin/busybox"), new Elf.Linking(Elf.Kind.NOT_ELF, ""));

        assertThat(host.run(check, FakeHost.box())).singleElement()
                .satisfies(b -> assertThat(b.problem()).contains("not an ELF executable"));
    }

    @Test
    void theBusyboxEnvironmentVariableChoosesTheBinaryThatIsCopied() {
        host.env.put("BUSYBOX", "/opt/busybox");
        host.linking.put(Path.of("/opt/busybox"), new Elf.Linking(Elf.Kind.DYNAMIC, "/lib/ld-musl-x86_64.so.1"));

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).startsWith("BUSYBOX=/opt/busybox is dynamically linked");
            assertThat(b.remedy()).contains("point BUSYBOX at a static busybox");
        });
    }

    @Test
    void withoutABusyboxLayerNothingIsCopiedSoLinkingDoesNotMatter() {
        host.linking.put(Path.of("/usr/bin/busybox"), new Elf.Linking(Elf.Kind.DYNAMIC, "/lib64/ld-linux-x86-64.so.2"));
        host.existing.add(Path.of("/work/box/root"));

        assertThat(host.run(check, FakeHost.box().noLayers().directoryLayer("root"))).isEmpty();
    }
}
