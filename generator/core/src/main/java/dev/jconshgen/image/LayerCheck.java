package dev.jconshgen.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Checks one layer before anything of it is extracted: its blob's SHA-256 is its digest, and
 * every entry stays inside the layer. Refused: a name or hard link target that is absolute or
 * has a '..' component, an entry below a symlink (or a hard link to one) of the same layer, also
 * after a directory entry of its name (an extractor that wrote through it would write outside
 * the layer; GNU and busybox tar delay such symlinks too, this does not rely on it), a block
 * device, a character device other than 0/0 (overlayfs' own whiteout), a whiteout name that is
 * not .wh.NAME or .wh..wh..opq, a name with a control character (the scripts' whiteout step
 * reads names line by line), more than {@value #MAX_ENTRIES} entries or
 * {@value #MAX_LAYER_BYTES} bytes of tar. Symlink targets are not checked: a symlink is resolved
 * inside the container's root, never while extracting. Names are compared canonically (a//b,
 * a/./b and a/b are one name).
 */
public final class LayerCheck {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    /** Larger layers (or a gzip bomb) are refused rather than read for hours. */
    static final long MAX_LAYER_BYTES = 8L << 30;
    static final int MAX_ENTRIES = 1_000_000;

    private LayerCheck() {
    }

    static Map<String, Expected> check(ImageLayer layer, ImageFiles files) throws IOException {
        String where = "layer " + layer.digest() + " (" + layer.where() + ")";
        try (InputStream blob = files.open(blobName(layer))) {
            return check(where, blob, layer.digest(), layer.gzip());
        }
    }

    /**
     * Checks the blob read from BLOB against DIGEST, entry by entry.
     *
     * @return what extracting it makes below the layer's directory: every name, canonical (see
     *         {@link #normalized}), with what it is (the last entry of a name wins, as in tar),
     *         and every directory above them
     */
    static Map<String, Expected> check(String where, InputStream blob, String digest, boolean gzip) throws IOException {
        MessageDigest sha256 = OciImages.messageDigest();
        Map<String, Expected> names = new HashMap<>();
        try (DigestInputStream hashed = new DigestInputStream(new BufferedInputStream(blob), sha256)) {
            InputStream tarBytes = new Bounded(gzip ? new GZIPInputStream(hashed) : hashed, where);
            Set<String> symlinks = new HashSet<>();
            // names in UTF-8 whatever the locale: the extracted tree is read back the same way
            try (TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, StandardCharsets.UTF_8.name())) {
                int entries = 0;
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (++entries > MAX_ENTRIES) {
                        throw new ImageException(where + ": more than " + MAX_ENTRIES + " entries; nothing was extracted");
                    }
                    String name = checkEntry(where, entry, symlinks);
                    if (name.isEmpty()) {
                        continue;
                    }
                    names.put(name, Expected.of(entry));
                    for (String n = parentOf(name); n != null && !names.containsKey(n); n = parentOf(n)) {
                        names.put(n, Expected.IMPLIED_DIRECTORY);
                    }
                }
                // the tar's end-of-archive blocks, and anything after the gzip stream: the digest
                // covers every byte (before the tar stream closes the blob under it)
                tarBytes.transferTo(OutputStream.nullOutputStream());
                hashed.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new ImageException(where + ": not a readable " + (gzip ? "gzip-compressed " : "") + "tar ("
                        + e.getMessage() + "); nothing was extracted", e);
            }
        }
        String seen = ImageLayer.SHA256 + HexFormat.of().formatHex(sha256.digest());
        if (!seen.equals(digest)) {
            throw new ImageException(where + ": the blob's digest is " + seen + ", not " + digest
                    + ": the image is damaged or was changed; nothing was extracted");
        }
        return names;
    }

    /** The blob's name as FILES looks it up (an archive's names without a leading ./). */
    private static String blobName(ImageLayer layer) {
        return layer.name().startsWith("./") ? layer.name().substring(2) : layer.name();
    }

    /** @return the entry's canonical name ("" for the layer's own root) */
    private static String checkEntry(String where, TarArchiveEntry entry, Set<String> symlinks) {
        String name = normalized(where, entry.getName(), "entry");
        if (name.isEmpty()) {
            return name; // the layer's own root, "./"
        }
        String shown = "entry '" + entry.getName() + "'";
        if (!entry.isCheckSumOK()) {
            // a reader that checks the sum (GNU tar) takes such a block for something else
            throw refused(where, shown, "has a damaged header (its checksum is wrong): tar readers disagree on what it holds");
        }
        if (name.contains("\uFFFD")) {
            throw refused(where, shown, "has a name that is not valid UTF-8");
        }
        for (String key : entry.getExtraPaxHeaders().keySet()) {
            String attribute = key.replaceFirst("^(SCHILY|LIBARCHIVE)\\.xattr\\.", "");
            if (!attribute.equals(key) && attribute.matches("(trusted|user)\\.overlay\\..*")) {
                throw refused(where, shown, "carries the attribute " + attribute + ", which overlayfs would read as its own");
            }
        }
        for (String parent = parentOf(name); parent != null; parent = parentOf(parent)) {
            if (symlinks.contains(parent)) {
                throw refused(where, shown, "lies below the symlink '" + parent + "' of the same layer: tar would write through it");
            }
        }
        if (entry.isBlockDevice()) {
            throw refused(where, shown, "is a block device");
        }
        if (entry.isCharacterDevice() && (entry.getDevMajor() != 0 || entry.getDevMinor() != 0)) {
            throw refused(where, shown, "is a character device " + entry.getDevMajor() + "/" + entry.getDevMinor()
                    + " (only 0/0, a whiteout, may be in a layer)");
        }
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.startsWith(WHITEOUT)) {
            if (!regularFile(entry)) {
                throw refused(where, shown, "is a whiteout that is not a regular file");
            }
            String hidden = base.substring(WHITEOUT.length());
            if (!base.equals(OPAQUE) && (base.startsWith(WHITEOUT + WHITEOUT) || hidden.isEmpty() || hidden.equals(".")
                    || hidden.equals(".."))) {
                throw refused(where, shown, "is a whiteout of an unknown kind (only .wh.NAME and .wh..wh..opq)");
            }
        }
        boolean linksToSymlink = false;
        if (entry.isLink()) {
            String target = normalized(where, entry.getLinkName(), "hard link target of " + shown);
            for (String parent = parentOf(target); parent != null; parent = parentOf(parent)) {
                if (symlinks.contains(parent)) {
                    throw refused(where, shown, "is a hard link to '" + entry.getLinkName() + "', below the symlink '" + parent + "'");
                }
            }
            // a hard link to a symlink is that symlink again
            linksToSymlink = symlinks.contains(target);
        }
        if (entry.isSymbolicLink() || linksToSymlink) {
            symlinks.add(name);
        } else if (!entry.isDirectory()) {
            // a later file of the same name replaces the symlink; a directory does not always
            // (busybox tar's mkdir leaves the symlink in place), so the path stays guarded
            symlinks.remove(name);
        }
        return name;
    }

    /** A regular file's entry (commons-compress's isFile() is true for links and devices too). */
    static boolean regularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isLink() && !entry.isCharacterDevice() && !entry.isBlockDevice()
                && !entry.isFIFO() && !entry.isDirectory();
    }

    /**
     * What extracting one name gives: its type ('f' file, 'h' hard link, 'd' directory, 'l'
     * symlink, 'c' character device, 'p' FIFO), the size of a file, the target of a symlink, the
     * permission bits (with set-user-ID, set-group-ID and sticky).
     */
    public record Expected(char type, long size, String target, int mode) {
        static final Expected IMPLIED_DIRECTORY = new Expected('d', 0, "", -1);

        static Expected of(TarArchiveEntry entry) {
            int mode = entry.getMode() & 07777;
            if (entry.isDirectory()) {
                return new Expected('d', 0, "", mode);
            }
            if (entry.isSymbolicLink()) {
                return new Expected('l', 0, entry.getLinkName(), -1);
            }
            if (entry.isLink()) {
                return new Expected('h', 0, "", -1);
            }
            if (entry.isCharacterDevice()) {
                return new Expected('c', 0, "", mode);
            }
            if (entry.isFIFO()) {
                return new Expected('p', 0, "", mode);
            }
            return new Expected('f', entry.getSize(), "", mode);
        }
    }

    /** NAME without a leading ./ and trailing /; refused when absolute, with '..' or a control character. */
    private static String normalized(String where, String raw, String what) {
        String shown = what.equals("entry") ? "entry '" + raw + "'" : what + " ('" + raw + "')";
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw refused(where, shown, "has a control character in its name");
            }
        }
        if (raw.startsWith("/")) {
            throw refused(where, shown, "is an absolute path: it would be written outside the layer");
        }
        // canonical: 'a//b', 'a/./b', './a/' and 'a/b/' all name a/b, as they do for tar
        List<String> components = new ArrayList<>();
        for (String component : raw.split("/", -1)) {
            if (component.equals("..")) {
                throw refused(where, shown, "has a '..' component: it would be written outside the layer");
            }
            if (!component.isEmpty() && !component.equals(".")) {
                components.add(component);
            }
        }
        return String.join("/", components);
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? null : name.substring(0, slash);
    }

    private static ImageException refused(String where, String entry, String why) {
        return new ImageException(where + ": " + entry + " " + why + "; nothing was extracted");
    }

    /** The layer's tar bytes, refused beyond {@link #MAX_LAYER_BYTES} (skips read through, so they count). */
    private static final class Bounded extends java.io.FilterInputStream {
        private final String where;
        private long count;

        Bounded(InputStream in, String where) {
            super(in);
            this.where = where;
        }

        private void add(long n) {
            count += n;
            if (count > MAX_LAYER_BYTES) {
                throw new ImageException(where + ": more than " + (MAX_LAYER_BYTES >> 30) + " GiB of tar; nothing was extracted");
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }
    }
}
