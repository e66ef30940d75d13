package dev.jconshgen.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A layer after tar extracted it, compared with what {@link LayerCheck} read from the same bytes.
 * Two tar parsers can read one archive differently (a lone zero block, a global PAX header, GNU
 * and PAX long names): whatever the extractor made must be exactly the names the check passed,
 * and no device other than 0/0, or the layer is refused.
 */
public final class ExtractedLayer {
    /** S_IFMT and the device types of st_mode. */
    private static final int TYPE_MASK = 0170000;
    private static final int CHAR_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;

    private ExtractedLayer() {
    }

    /**
     * @param expected the names from {@link OciImages#copyChecked}
     * @throws ImageException the tree differs from the names, or holds a device
     */
    public static void compare(Path dir, Set<String> expected, String where) {
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(dir)) {
                    continue;
                }
                String name = dir.relativize(path).toString();
                seen.add(name);
                int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                int type = mode & TYPE_MASK;
                if (type == BLOCK_DEVICE || (type == CHAR_DEVICE && (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS) != 0)) {
                    problems.add("'" + name + "' is a device");
                }
            }
        } catch (IOException e) {
            throw new ImageException(where + ": cannot read the extracted layer: " + e.getMessage());
        }
        seen.stream().filter(n -> !expected.contains(n)).sorted().limit(5).forEach(n -> problems.add("'" + n + "' was not in the checked listing"));
        expected.stream().filter(n -> !seen.contains(n)).sorted().limit(5).forEach(n -> problems.add("'" + n + "' was not extracted"));
        if (!problems.isEmpty()) {
            throw new ImageException(where + ": tar extracted something else than the layer that was checked: "
                    + String.join("; ", problems) + "; the layer was not used");
        }
    }

    /** The whiteout markers (.wh.NAME and .wh..wh..opq files) below DIR, deepest first. */
    public static List<Path> whiteouts(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(LayerCheck.WHITEOUT) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount())).toList();
        } catch (IOException e) {
            throw new ImageException("cannot read the extracted layer " + dir + ": " + e.getMessage());
        }
    }

    /** Whether MARKER is the opaque marker, else a whiteout of the name after .wh. in its directory. */
    public static boolean opaque(Path marker) {
        return marker.getFileName().toString().equals(LayerCheck.OPAQUE);
    }

    /** The name a whiteout marker hides (.wh.NAME: NAME). */
    public static String hidden(Path marker) {
        return marker.getFileName().toString().substring(LayerCheck.WHITEOUT.length());
    }
}
