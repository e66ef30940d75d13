package dev.jconshgen.state;

import dev.jconshgen.core.Json;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.spec.ImageReader;
import dev.jconshgen.spec.YamlSpecLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The blobs of a container's image layers as apply read them, kept in its state beside the spec
 * copy: the copy's relative image paths name nothing from the state directory, and status,
 * verify and destroy must work without the image (it may have been moved or changed since).
 * An image is found by how the spec names it: layout or archive, the path as written, the ref.
 */
public final class AppliedImages {

    private AppliedImages() {
    }

    /** The JSON kept in the state: one object per image layer of the specs (a lab's members). */
    public static String json(List<ContainerSpec> specs) {
        List<Map<String, Object>> images = new ArrayList<>();
        for (Layer layer : specs.stream().flatMap(s -> s.rootfs().layers().stream()).toList()) {
            if (layer instanceof Layer.Image image) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put(image.archive() != null ? "archive" : "layout", image.source());
                item.put("ref", image.ref());
                item.put("blobs", image.blobs().stream().map(b -> {
                    Map<String, Object> blob = new LinkedHashMap<>();
                    blob.put("digest", b.digest());
                    blob.put("gzip", b.gzip());
                    blob.put("name", b.name());
                    return blob;
                }).toList());
                images.add(item);
            }
        }
        return Json.pretty(images);
    }

    /**
     * The loader for a spec copy in a state directory: image layers get the blobs recorded in
     * FILE (written with {@link #json}), and no image is read. An image the record does not hold
     * gets no blobs: a lab's copy names every member's images, and a member's state records its
     * own (its verify then expects the layers apply used, and nothing else reads them).
     */
    public static YamlSpecLoader loader(Path file) {
        if (!Files.exists(file)) {
            return new YamlSpecLoader(reader("[]"));
        }
        try {
            return new YamlSpecLoader(reader(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot read the image record " + file + ": " + e.getMessage()
                    + " (the state is damaged: remove the container with 'jconshgen destroy --force SPEC')", e);
        }
    }

    /**
     * A reader that answers from JSON written by {@link #json}.
     *
     * @throws IllegalArgumentException the text is not such JSON
     */
    static ImageReader reader(String json) {
        List<Entry> entries = entries(json);
        return (source, where, archive, ref) -> entries.stream()
                .filter(e -> e.source().equals(source) && e.archive() == archive && Objects.equals(e.ref(), ref))
                .findFirst().map(Entry::blobs).orElse(List.of());
    }

    private static List<Entry> entries(String json) {
        List<Entry> entries = new ArrayList<>();
        if (!(Json.read(json) instanceof List<?> items)) {
            throw new IllegalArgumentException("not a list of images");
        }
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> image) || !(image.get("blobs") instanceof List<?> blobs)) {
                throw new IllegalArgumentException("an image without blobs: " + item);
            }
            boolean archive = image.containsKey("archive");
            String source = text(image.get(archive ? "archive" : "layout"));
            List<Layer.Image.Blob> read = new ArrayList<>();
            for (Object blob : blobs) {
                if (!(blob instanceof Map<?, ?> b) || !(b.get("gzip") instanceof Boolean gzip)) {
                    throw new IllegalArgumentException("a blob without digest, gzip and name: " + blob);
                }
                read.add(new Layer.Image.Blob(text(b.get("digest")), gzip, text(b.get("name"))));
            }
            entries.add(new Entry(source, archive, image.get("ref") == null ? null : text(image.get("ref")), List.copyOf(read)));
        }
        return entries;
    }

    /**
     * The digests of every blob FILE records (none when there is no file).
     *
     * @throws IllegalArgumentException the file cannot be read as such a record
     */
    public static Set<String> digests(Path file) {
        if (!Files.exists(file)) {
            return Set.of();
        }
        Set<String> digests = new java.util.TreeSet<>();
        try {
            for (Entry entry : entries(Files.readString(file))) {
                entry.blobs().forEach(b -> digests.add(b.digest()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return digests;
    }

    private static String text(Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("expected a string, saw " + value);
        }
        return s;
    }

    private record Entry(String source, boolean archive, String ref, List<Layer.Image.Blob> blobs) {
    }
}
