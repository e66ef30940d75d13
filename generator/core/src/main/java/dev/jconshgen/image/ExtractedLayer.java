package dev.jconshgen.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A layer after tar extracted it, compared with what {@link LayerCheck} read from the same bytes.
 * Two tar parsers can read one archive differently: whatever the extractor made must be exactly
 * the names the check passed, each of the type the check saw (a file of its size, a symlink to its
 * target), with its permission bits when root extracted it, and no device other than 0/0; else
 * the layer is refused.
 */
public final class ExtractedLayer {
    /** S_IFMT and its types in st_mode. */
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;
    private static final int CHAR_DEVICE = 0020000;
    private static final int FIFO = 0010000;

    private ExtractedLayer() {
    }

    /**
     * @param expected   what {@link OciImages#copyChecked} read
     * @param checkModes compare the permission bits too (root's tar keeps them; another user's
     *                   does not, and makes its directories writable to itself)
     * @throws ImageException the tree differs from what was checked
     */
    public static void compare(Path dir, Map<String, LayerCheck.Expected> expected, boolean checkModes, String where) {
        if (!"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"))
                && expected.keySet().stream().anyMatch(n -> n.chars().anyMatch(c -> c > 0x7f))) {
            throw new ImageException(where + ": the layer has file names that are not ASCII, which Java reads only in a UTF-8 locale:"
                    + " run with LC_ALL=C.UTF-8 (bin/jconshgen does)");
        }
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(dir)) {
                    continue;
                }
                String name = dir.relativize(path).toString();
                seen.add(name);
                LayerCheck.Expected want = expected.get(name);
                int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                int type = mode & TYPE_MASK;
                if (type == CHAR_DEVICE ? (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS) != 0
                        : type != REGULAR && type != DIRECTORY && type != SYMLINK && type != FIFO) {
                    problems.add("'" + name + "' is a device");
                } else if (want != null) {
                    String differs = differs(path, want, type, mode, checkModes);
                    if (differs != null) {
                        problems.add("'" + name + "' " + differs);
                    }
                }
            }
        } catch (IOException e) {
            throw new ImageException(where + ": cannot read the extracted layer: " + IoMessages.of(e));
        } catch (UncheckedIOException e) {
            throw new ImageException(where + ": cannot read the extracted layer: " + IoMessages.of(e.getCause()));
        }
        seen.stream().filter(n -> !expected.containsKey(n)).sorted().limit(5).forEach(n -> problems.add("'" + n + "' was not in the checked listing"));
        expected.keySet().stream().filter(n -> !seen.contains(n)).sorted().limit(5).forEach(n -> problems.add("'" + n + "' was not extracted"));
        if (!problems.isEmpty()) {
            throw new ImageException(where + ": tar extracted something else than the layer that was checked: "
                    + String.join("; ", problems.subList(0, Math.min(problems.size(), 10))) + "; the layer was not used");
        }
    }

    /** What differs between the extracted PATH and what the check read, or null. */
    private static String differs(Path path, LayerCheck.Expected want, int type, int mode, boolean checkModes) throws IOException {
        char seen = switch (type) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case CHAR_DEVICE -> 'c';
            case FIFO -> 'p';
            default -> 'f';
        };
        char wanted = want.type() == 'h' ? 'f' : want.type();
        if (seen != wanted) {
            return "is a " + typeName(seen) + ", the checked layer has a " + typeName(wanted);
        }
        if (want.type() == 'f' && Files.size(path) != want.size()) {
            return "has " + Files.size(path) + " bytes, the checked layer " + want.size();
        }
        if (want.type() == 'l' && !Files.readSymbolicLink(path).toString().equals(want.target())) {
            return "points to '" + Files.readSymbolicLink(path) + "', the checked layer's to '" + want.target() + "'";
        }
        if (checkModes && want.mode() >= 0 && (mode & 07777) != want.mode()) {
            return String.format("has mode %04o, the checked layer %04o", mode & 07777, want.mode());
        }
        return null;
    }

    private static String typeName(char type) {
        return switch (type) {
            case 'd' -> "directory";
            case 'l' -> "symlink";
            case 'c' -> "character device";
            case 'p' -> "FIFO";
            default -> "file";
        };
    }

    /** The whiteout markers (.wh.NAME and .wh..wh..opq files) below DIR, deepest first. */
    public static List<Path> whiteouts(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(LayerCheck.WHITEOUT) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount())).toList();
        } catch (IOException e) {
            throw new ImageException("cannot read the extracted layer " + dir + ": " + IoMessages.of(e));
        } catch (UncheckedIOException e) {
            throw new ImageException("cannot read the extracted layer " + dir + ": " + IoMessages.of(e.getCause()));
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
