package dev.jconshgen.image;

import dev.jconshgen.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an image (an OCI image layout, a tar of one, or a 'docker save' archive) into its layers,
 * lowest first, and checks each of them ({@link LayerCheck}) before anything is extracted: every
 * blob's SHA-256 against its digest, every entry of every layer. Any problem is an
 * {@link ImageException} that names the image, the blob and the entry.
 */
public final class OciImages {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final Set<String> MANIFESTS = Set.of("application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Set<String> INDEXES = Set.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Set<String> TAR_LAYERS = Set.of("application/vnd.oci.image.layer.v1.tar",
            "application/vnd.docker.image.rootfs.diff.tar");
    private static final Set<String> GZIP_LAYERS = Set.of("application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.docker.image.rootfs.diff.tar.gzip");
    /** A digest becomes a file name: nothing but sha256 and its 64 hex digits gets that far. */
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** Index, manifest and config are small; a larger one is not read into memory. */
    private static final int MAX_DOCUMENT = 4 << 20;

    private OciImages() {
    }

    /** The image's layers, lowest first, each one checked. */
    public static ResolvedImage read(ImageSource source) {
        try (ImageFiles files = ImageFiles.of(source)) {
            // 'docker save' only as the archive it writes: its manifest names its layer files, and
            // in a directory those names would be paths (../x, /x) rather than entries of one tar
            ResolvedImage image = files.exists("oci-layout") || source instanceof ImageSource.Layout
                    ? fromLayout(source, files) : fromDockerSave(source, files);
            for (ImageLayer layer : image.layers()) {
                try {
                    LayerCheck.check(layer, files);
                } catch (ImageException e) {
                    // the layer's own message names the blob and the entry; this names the image
                    throw new ImageException(source.describe() + ": " + e.getMessage(), e);
                }
            }
            return image;
        } catch (IOException e) {
            throw new ImageException(source.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies one layer's blob out of its image into TARGET and checks the copy as {@link #read}
     * checks the image's: digest and entries. Extracting the copy then extracts exactly the
     * bytes that were checked, whatever happens to the image meanwhile. The copy stops at
     * {@value LayerCheck#MAX_LAYER_BYTES} bytes; a layout's blob is read only as a regular file,
     * never through a symlink.
     *
     * @param name the blob's name in the image ({@link ImageLayer#name()})
     * @return what extracting the layer makes below its directory, by canonical name (no ./, no
     *         trailing /), with every directory above them
     */
    public static Map<String, LayerCheck.Expected> copyChecked(ImageSource source, String name, String digest, boolean gzip, Path target) {
        String where = "layer " + digest + " (" + source.describe() + ": " + name + ")";
        try (ImageFiles files = ImageFiles.of(source)) {
            String inImage = name.startsWith("./") ? name.substring(2) : name;
            if (!files.exists(inImage)) {
                throw new ImageException(where + ": the image no longer holds this blob; nothing was extracted");
            }
            try (InputStream in = files.openBlob(inImage); var out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[1 << 16];
                long copied = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    copied += n;
                    if (copied > LayerCheck.MAX_LAYER_BYTES) {
                        throw new ImageException(where + ": more than " + (LayerCheck.MAX_LAYER_BYTES >> 30) + " GiB; nothing was extracted");
                    }
                    out.write(buffer, 0, n);
                }
            }
            try (InputStream copy = Files.newInputStream(target)) {
                return LayerCheck.check(where, copy, digest, gzip);
            }
        } catch (IOException e) {
            throw new ImageException(where + ": " + IoMessages.of(e) + "; nothing was extracted", e);
        }
    }

    /** The platform an image must be for: linux and this machine's architecture, in OCI's names. */
    static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static ResolvedImage fromLayout(ImageSource source, ImageFiles files) throws IOException {
        if (!files.exists("oci-layout")) {
            throw new ImageException(source.describe() + ": not an OCI image layout (no oci-layout file); an image that"
                    + " 'docker save' wrote is used as its archive ('archive: FILE')");
        }
        Map<String, Object> layout = object(document(source, files, "oci-layout", null), source.describe() + ": oci-layout");
        if (!"1.0.0".equals(layout.get("imageLayoutVersion"))) {
            throw new ImageException(source.describe() + ": oci-layout gives imageLayoutVersion " + layout.get("imageLayoutVersion")
                    + "; only 1.0.0 is known");
        }
        if (!files.exists("index.json")) {
            throw new ImageException(source.describe() + ": no index.json beside oci-layout");
        }
        Map<String, Object> index = object(document(source, files, "index.json", null), source.describe() + ": index.json");
        List<Map<String, Object>> manifests = objects(index.get("manifests"), source.describe() + ": index.json manifests");
        Map<String, Object> chosen = chooseByRef(source, manifests, source.ref());
        return manifest(source, files, chosen, 0);
    }

    private static Map<String, Object> chooseByRef(ImageSource source, List<Map<String, Object>> manifests, String ref) {
        List<String> refs = new ArrayList<>();
        for (Map<String, Object> descriptor : manifests) {
            Object annotations = descriptor.get("annotations");
            Object name = annotations instanceof Map<?, ?> map ? map.get(REF_NAME) : null;
            if (name != null) {
                refs.add(name.toString());
            }
            if (ref != null && ref.equals(name)) {
                return descriptor;
            }
        }
        if (ref == null && manifests.size() == 1) {
            return manifests.get(0);
        }
        if (ref == null) {
            throw new ImageException(source.describe() + ": index.json holds " + manifests.size() + " images; name one with 'ref'"
                    + (refs.isEmpty() ? "" : " (refs: " + String.join(", ", refs) + ")"));
        }
        throw new ImageException(source.describe() + ": index.json has no image with ref '" + ref + "'"
                + (refs.isEmpty() ? " (none has a ref name)" : " (refs: " + String.join(", ", refs) + ")"));
    }

    /** The image a descriptor names: a manifest, or an index with one for this platform. */
    private static ResolvedImage manifest(ImageSource source, ImageFiles files, Map<String, Object> descriptor, int depth)
            throws IOException {
        String mediaType = string(descriptor.get("mediaType"), source.describe() + ": a descriptor's mediaType");
        String digest = digest(source, descriptor.get("digest"));
        if (INDEXES.contains(mediaType)) {
            if (depth > 2) {
                throw new ImageException(source.describe() + ": indexes nested deeper than 3 levels");
            }
            Map<String, Object> nested = object(document(source, files, blob(digest), digest), source.describe() + ": index " + digest);
            List<Map<String, Object>> platforms = objects(nested.get("manifests"), source.describe() + ": index " + digest + " manifests");
            List<String> seen = new ArrayList<>();
            for (Map<String, Object> candidate : platforms) {
                String platform = platform(candidate.get("platform"));
                seen.add(platform);
                if (platform.equals("linux/" + hostArchitecture())) {
                    return manifest(source, files, candidate, depth + 1);
                }
            }
            throw new ImageException(source.describe() + ": index " + digest + " has no image for linux/" + hostArchitecture()
                    + " (platforms: " + String.join(", ", seen) + ")");
        }
        if (!MANIFESTS.contains(mediaType)) {
            throw new ImageException(source.describe() + ": descriptor " + digest + " has the unknown media type " + mediaType
                    + " (known: an OCI or Docker image manifest or index)");
        }
        Object platform = descriptor.get("platform");
        if (platform != null && !platform(platform).equals("linux/" + hostArchitecture())) {
            throw new ImageException(source.describe() + ": image " + digest + " is for " + platform(platform) + ", not linux/"
                    + hostArchitecture());
        }
        String where = source.describe() + ": manifest " + digest;
        Map<String, Object> manifest = object(document(source, files, blob(digest), digest), where);
        Map<String, Object> config = object(manifest.get("config"), where + " config");
        String configDigest = digest(source, config.get("digest"));
        Map<String, Object> configDocument = object(document(source, files, blob(configDigest), configDigest),
                source.describe() + ": config " + configDigest);
        checkPlatform(source, configDocument, "config " + configDigest);
        List<ImageLayer> layers = new ArrayList<>();
        for (Map<String, Object> layer : objects(manifest.get("layers"), where + " layers")) {
            String layerType = string(layer.get("mediaType"), where + ": a layer's mediaType");
            String layerDigest = digest(source, layer.get("digest"));
            boolean gzip = GZIP_LAYERS.contains(layerType);
            if (!gzip && !TAR_LAYERS.contains(layerType)) {
                throw new ImageException(where + ": layer " + layerDigest + " has the unknown media type " + layerType
                        + " (known: tar and tar+gzip layers)");
            }
            if (!files.exists(blob(layerDigest))) {
                throw new ImageException(where + ": layer blob " + files.describe(blob(layerDigest)) + " is missing");
            }
            layers.add(files.layer(layerDigest, layerType, gzip, blob(layerDigest)));
        }
        return new ResolvedImage(source, digest, layers);
    }

    /**
     * What 'docker save' writes without an OCI layout: manifest.json lists one image's config
     * (named by its SHA-256) and its layers, uncompressed tars whose SHA-256 the config lists as
     * rootfs.diff_ids.
     */
    private static ResolvedImage fromDockerSave(ImageSource source, ImageFiles files) throws IOException {
        if (!files.exists("manifest.json")) {
            throw new ImageException(source.describe() + ": neither an OCI image layout (oci-layout, index.json) nor a"
                    + " 'docker save' archive (manifest.json)");
        }
        if (source.ref() != null) {
            throw new ImageException(source.describe() + ": a 'docker save' archive holds one image and takes no ref");
        }
        List<Map<String, Object>> images = objects(document(source, files, "manifest.json", null), source.describe() + ": manifest.json");
        if (images.size() != 1) {
            throw new ImageException(source.describe() + ": manifest.json lists " + images.size() + " images; an archive for a"
                    + " layer must hold exactly one (docker save IMAGE > FILE)");
        }
        Map<String, Object> image = images.get(0);
        String configName = string(image.get("Config"), source.describe() + ": manifest.json Config");
        String configHex = configName.replaceFirst("^blobs/sha256/", "").replaceFirst("\\.json$", "");
        String configDigest = digest(source, ImageLayer.SHA256 + configHex);
        Map<String, Object> config = object(document(source, files, configName, configDigest), source.describe() + ": config " + configName);
        checkPlatform(source, config, "config " + configName);
        List<Object> diffIds = list(object(config.get("rootfs"), source.describe() + ": config rootfs").get("diff_ids"),
                source.describe() + ": config rootfs.diff_ids");
        List<Object> names = list(image.get("Layers"), source.describe() + ": manifest.json Layers");
        if (names.size() != diffIds.size()) {
            throw new ImageException(source.describe() + ": manifest.json lists " + names.size() + " layers and the config "
                    + diffIds.size() + " diff_ids");
        }
        List<ImageLayer> layers = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = string(names.get(i), source.describe() + ": manifest.json Layers[" + i + "]");
            if (name.startsWith("/") || List.of(name.split("/", -1)).contains("..")) {
                throw new ImageException(source.describe() + ": manifest.json Layers[" + i + "] '" + name
                        + "' is not an entry of the archive (absolute, or with '..')");
            }
            String digest = digest(source, diffIds.get(i));
            if (!files.exists(name)) {
                throw new ImageException(source.describe() + ": layer blob " + files.describe(name) + " is missing");
            }
            layers.add(files.layer(digest, "application/vnd.docker.image.rootfs.diff.tar", false, name));
        }
        return new ResolvedImage(source, configDigest, layers);
    }

    private static void checkPlatform(ImageSource source, Map<String, Object> config, String what) {
        Object os = config.get("os");
        Object arch = config.get("architecture");
        if ((os != null && !"linux".equals(os)) || (arch != null && !hostArchitecture().equals(arch))) {
            throw new ImageException(source.describe() + ": " + what + " is for " + os + "/" + arch + ", not linux/" + hostArchitecture());
        }
    }

    private static String platform(Object platform) {
        if (!(platform instanceof Map<?, ?> map)) {
            return "unknown";
        }
        return map.get("os") + "/" + map.get("architecture");
    }

    static String blob(String digest) {
        return "blobs/sha256/" + digest.substring(ImageLayer.SHA256.length());
    }

    private static String digest(ImageSource source, Object value) {
        if (!(value instanceof String digest) || !DIGEST.matcher(digest).matches()) {
            throw new ImageException(source.describe() + ": '" + value + "' is not a sha256 digest (sha256: and 64 lowercase"
                    + " hex digits; other algorithms are not supported)");
        }
        return digest;
    }

    /** A JSON document of the image; with a digest, its bytes are checked against it first. */
    private static Object document(ImageSource source, ImageFiles files, String name, String digest) throws IOException {
        if (!files.exists(name)) {
            throw new ImageException(source.describe() + ": " + files.describe(name) + " is missing");
        }
        byte[] bytes;
        try (InputStream in = files.open(name)) {
            bytes = in.readNBytes(MAX_DOCUMENT + 1);
        }
        if (bytes.length > MAX_DOCUMENT) {
            throw new ImageException(source.describe() + ": " + files.describe(name) + " is larger than " + (MAX_DOCUMENT >> 20)
                    + " MiB; not read");
        }
        if (digest != null) {
            String seen = ImageLayer.SHA256 + sha256(bytes);
            if (!seen.equals(digest)) {
                throw new ImageException(source.describe() + ": blob " + files.describe(name) + " has the digest " + seen
                        + ", not " + digest + ": the image is damaged or was changed; nothing was extracted");
            }
        }
        try {
            return Json.read(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ImageException(source.describe() + ": " + files.describe(name) + " is not JSON: " + e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(messageDigest().digest(bytes));
    }

    static MessageDigest messageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new ImageException(what + ": expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String what) {
        if (!(value instanceof List<?>)) {
            throw new ImageException(what + ": expected a JSON array");
        }
        return (List<Object>) value;
    }

    private static List<Map<String, Object>> objects(Object value, String what) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object item : list(value, what)) {
            objects.add(object(item, what));
        }
        return objects;
    }

    private static String string(Object value, String what) {
        if (!(value instanceof String text)) {
            throw new ImageException(what + ": expected a string, not " + Objects.toString(value));
        }
        return text;
    }
}
