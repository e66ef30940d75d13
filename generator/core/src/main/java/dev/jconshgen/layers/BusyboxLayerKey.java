package dev.jconshgen.layers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The cache key of a busybox layer: the SHA-256 of the busybox binary's content, plus the layout
 * of the tree create_lowerfs.sh builds around it. The layout is the SHA-256 of the template
 * itself, so any change to create_lowerfs.sh.ftl invalidates every cached layer without anybody
 * having to remember to bump a version number.
 */
public record BusyboxLayerKey(String busyboxSha256, String layout) {
    /** The template whose text defines the layer's layout. */
    static final String LAYOUT_TEMPLATE = "/templates/create_lowerfs.sh.ftl";
    /** Enough of the layout digest to tell versions apart, short enough for a readable name. */
    static final int LAYOUT_CHARS = 12;

    /** The cache entry's directory name: busybox-SHA256-LAYOUT. */
    public String dirName() {
        return "busybox-" + busyboxSha256 + "-" + layout;
    }

    /** The key of the given binary with this jar's create_lowerfs.sh layout. */
    public static BusyboxLayerKey of(Path busybox) {
        return new BusyboxLayerKey(sha256(busybox), layoutOfThisJar());
    }

    /**
     * The file the layout template is read from: this jar, or the template itself when the
     * classes are not in a jar (tests). Its stamp stands for the layout in the layer index:
     * while that file is unchanged, so is the template in it.
     */
    static Optional<Path> layoutSource() {
        java.net.URL url = BusyboxLayerKey.class.getResource(LAYOUT_TEMPLATE);
        if (url == null) {
            return Optional.empty();
        }
        try {
            String location = url.toString();
            if (location.startsWith("jar:file:") && location.contains("!/")) {
                return Optional.of(Path.of(java.net.URI.create(location.substring(4, location.indexOf("!/")))));
            }
            return url.getProtocol().equals("file") ? Optional.of(Path.of(url.toURI())) : Optional.empty();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String layoutOfThisJar() {
        try (InputStream in = BusyboxLayerKey.class.getResourceAsStream(LAYOUT_TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(LAYOUT_TEMPLATE + " is missing from the jar");
            }
            return hex(digest().digest(in.readAllBytes())).substring(0, LAYOUT_CHARS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of a text's UTF-8 bytes, in lower-case hex. */
    static String sha256Of(String text) {
        return hex(digest().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** SHA-256 of a file's content, in lower-case hex. */
    public static String sha256(Path file) {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return hex(md.digest());
    }

    /**
     * The binary create_lowerfs.sh copies, found the way the script finds it: $BUSYBOX when set
     * and not empty, else the first executable busybox on PATH.
     */
    public static Optional<Path> busyboxFor(Map<String, String> env) {
        String chosen = env.getOrDefault("BUSYBOX", "");
        if (!chosen.isEmpty()) {
            return Optional.of(Path.of(chosen).toAbsolutePath());
        }
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "busybox");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
