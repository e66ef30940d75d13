package dev.jconshgen.apply.preflight;

import dev.jconshgen.model.Layer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host commands that the scripts and verification run, found the way they find them: on
 * the caller's $PATH (apply runs each script with 'sh' from there; consh_setup.sh finds busybox and unshare by a walk of
 * $PATH, like this check, and runs them by their paths (path_of in consh_lib.sh); the
 * post-setup's mounts run as busybox applets, so mount/umount on the host are only needed by
 * the network scripts). busybox must be the static build, because create_lowerfs.sh copies it
 * into the container, which has no shared libraries.
 */
public final class ToolsCheck implements PreflightCheck {
    static final String BUSYBOX_ENV = "BUSYBOX";
    static final String BUSYBOX_PACKAGE = "busybox-static";

    /** A command, the Debian package that provides it, and whether only a network needs it. */
    record Tool(String command, String debianPackage, boolean networkOnly) {
    }

    /** What extracting an image layer runs: GNU tar, and the two commands that make whiteouts. */
    static final List<Tool> IMAGE_TOOLS = List.of(
            new Tool("tar", "tar", false),
            new Tool("mknod", "coreutils", false),
            new Tool("setfattr", "attr", false));

    static final List<Tool> TOOLS = List.of(
            new Tool("sh", "dash", false),
            new Tool("busybox", BUSYBOX_PACKAGE, false),
            new Tool("unshare", "util-linux", false),
            new Tool("setsid", "util-linux", false),
            new Tool("nsenter", "util-linux", false),
            new Tool("ip", "iproute2", true),
            new Tool("mount", "mount", true),
            new Tool("umount", "mount", true),
            new Tool("ping", "iputils-ping", true));

    /**
     * The Debian packages that hold every command this check asks for, sorted: what a host must
     * install before a spec with (or without) a network and image layers can be applied there.
     */
    public static List<String> debianPackages(boolean network, boolean images) {
        java.util.TreeSet<String> packages = new java.util.TreeSet<>();
        TOOLS.stream().filter(tool -> network || !tool.networkOnly()).forEach(tool -> packages.add(tool.debianPackage()));
        if (images) {
            IMAGE_TOOLS.forEach(tool -> packages.add(tool.debianPackage()));
        }
        return List.copyOf(packages);
    }

    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        List<Blocker> blockers = new ArrayList<>();
        boolean network = subject.resources().network().isPresent();
        String path = host.env("PATH").orElse("");
        boolean images = subject.resources().spec().rootfs().layers().stream().anyMatch(l -> l instanceof Layer.Image);
        List<Tool> needed = new ArrayList<>(TOOLS);
        if (images) {
            needed.addAll(IMAGE_TOOLS);
        }
        for (Tool tool : needed) {
            if ((network || !tool.networkOnly()) && host.onPath(tool.command()).isEmpty()) {
                blockers.add(new Blocker(tool.command() + " is not installed: not found on PATH (" + path + ")",
                        "sudo apt-get install " + tool.debianPackage()));
            }
        }
        if (subject.resources().busyboxLayerDir().isPresent()) {
            layerBusybox(host).ifPresent(busybox -> staticBusybox(busybox, host).ifPresent(blockers::add));
        }
        return blockers;
    }

    /** The binary create_lowerfs.sh copies: $BUSYBOX when set, else busybox on PATH. */
    private static Optional<Path> layerBusybox(HostFacts host) {
        return host.env(BUSYBOX_ENV).map(Path::of).or(() -> host.onPath("busybox"));
    }

    private static Optional<Blocker> staticBusybox(Path busybox, HostFacts host) {
        String source = host.env(BUSYBOX_ENV).isPresent() ? BUSYBOX_ENV + "=" + busybox : "busybox at " + busybox;
        String remedy = "sudo apt-get install " + BUSYBOX_PACKAGE + " (it replaces a dynamic busybox package)"
                + (host.env(BUSYBOX_ENV).isPresent() ? ", or point " + BUSYBOX_ENV + " at a static busybox" : "");
        Elf.Linking linking = host.linking(busybox);
        return switch (linking.kind()) {
            case STATIC -> Optional.empty();
            case DYNAMIC -> Optional.of(new Blocker(source + " is dynamically linked (it needs the loader " + linking.detail()
                    + "), but the container it is copied into has no shared libraries", remedy));
            case NOT_ELF -> Optional.of(new Blocker(source + " is not an ELF executable (a script or a wrapper?);"
                    + " the container needs the static busybox binary itself", remedy));
            case UNREADABLE -> Optional.of(new Blocker(source + " cannot be read: " + linking.detail(), remedy));
        };
    }
}
