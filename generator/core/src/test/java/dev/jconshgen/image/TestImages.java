package dev.jconshgen.image;

import dev.jconshgen.core.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/** Builds small images for the tests: layer tars, OCI image layouts, their archives and 'docker save' archives. */
final class TestImages {
    private TestImages() {
    }

    /** A layer's tar, entry by entry. */
    static final class LayerTar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        LayerTar() {
            tar = new TarArchiveOutputStream(bytes);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        LayerTar dir(String name) {
            return entry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"), new byte[0]);
        }

        LayerTar file(String name, String content) {
            return entry(new TarArchiveEntry(name), content.getBytes(StandardCharsets.UTF_8));
        }

        LayerTar symlink(String name, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(target);
            return entry(entry, new byte[0]);
        }

        LayerTar hardlink(String name, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
            entry.setLinkName(target);
            return entry(entry, new byte[0]);
        }

        LayerTar charDevice(String name, int major, int minor) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_CHR);
            entry.setDevMajor(major);
            entry.setDevMinor(minor);
            return entry(entry, new byte[0]);
        }

        LayerTar blockDevice(String name) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_BLK);
            entry.setDevMajor(8);
            entry.setDevMinor(0);
            return entry(entry, new byte[0]);
        }

        /** An entry whose name is written as it is (TarArchiveEntry would strip a leading '/'). */
        LayerTar raw(String name, String content) {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            return entry(entry, content.getBytes(StandardCharsets.UTF_8));
        }

        private LayerTar entry(TarArchiveEntry entry, byte[] content) {
            try {
                entry.setSize(entry.isFile() ? content.length : 0);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
                return this;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] bytes() {
            try {
                tar.finish();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static String digest(byte[] bytes) {
        return "sha256:" + OciImages.sha256(bytes);
    }

    /** An OCI image layout under construction: blobs, then the index. */
    static final class Layout {
        final Path dir;
        private final List<Map<String, Object>> manifests = new ArrayList<>();

        Layout(Path dir) throws IOException {
            this.dir = dir;
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        }

        /** Writes BYTES as a blob; returns its descriptor. */
        Map<String, Object> blob(String mediaType, byte[] bytes) throws IOException {
            String digest = digest(bytes);
            Files.write(dir.resolve("blobs/sha256").resolve(digest.substring(7)), bytes);
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("mediaType", mediaType);
            descriptor.put("digest", digest);
            descriptor.put("size", (long) bytes.length);
            return descriptor;
        }

        /** An image of these layer descriptors (lowest first), named REF in the index; returns the manifest's descriptor. */
        Map<String, Object> image(String ref, String architecture, List<Map<String, Object>> layers) throws IOException {
            return image(ref, architecture, layers, manifest -> { });
        }

        Map<String, Object> image(String ref, String architecture, List<Map<String, Object>> layers,
                                  Consumer<Map<String, Object>> editManifest) throws IOException {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("architecture", architecture);
            config.put("os", "linux");
            List<String> diffIds = new ArrayList<>();
            layers.forEach(l -> diffIds.add((String) l.get("digest")));
            config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schemaVersion", 2L);
            manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.put("config", blob("application/vnd.oci.image.config.v1+json", Json.write(config).getBytes(StandardCharsets.UTF_8)));
            manifest.put("layers", layers);
            editManifest.accept(manifest);
            Map<String, Object> descriptor = blob("application/vnd.oci.image.manifest.v1+json",
                    Json.write(manifest).getBytes(StandardCharsets.UTF_8));
            if (ref != null) {
                descriptor.put("annotations", Map.of(OciImages.REF_NAME, ref));
            }
            manifests.add(descriptor);
            writeIndex();
            return descriptor;
        }

        void writeIndex() throws IOException {
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("schemaVersion", 2L);
            index.put("manifests", manifests);
            Files.writeString(dir.resolve("index.json"), Json.write(index));
        }

        Path blobPath(Map<String, Object> descriptor) {
            return dir.resolve("blobs/sha256").resolve(((String) descriptor.get("digest")).substring(7));
        }
    }

    /** A tar holding every file below DIR, named relative to it (what 'tar -cf FILE -C DIR .' makes). */
    static Path archive(Path dir, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<Path> files;
            try (var walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                TarArchiveEntry entry = new TarArchiveEntry(f.toFile(), dir.relativize(f).toString());
                tar.putArchiveEntry(entry);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }
}
