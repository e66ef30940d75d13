package dev.jconshgen.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files of an image by their names in it: a layout directory's, or an archive's entries. */
sealed interface ImageFiles extends Closeable permits ImageFiles.Directory, ImageFiles.Archive {

    boolean exists(String name);

    InputStream open(String name) throws IOException;

    /** A blob to copy: as {@link #open}, but a layout's file only as a regular file, not through a symlink. */
    default InputStream openBlob(String name) throws IOException {
        return open(name);
    }

    /** The layer whose blob is the file NAME. */
    ImageLayer layer(String digest, String mediaType, boolean gzip, String name);

    /** NAME as messages show it. */
    String describe(String name);

    static ImageFiles of(ImageSource source) {
        if (source instanceof ImageSource.Layout layout) {
            if (!Files.isDirectory(layout.dir())) {
                throw new ImageException(source.describe() + ": no such directory");
            }
            return new Directory(layout.dir());
        }
        Path file = ((ImageSource.Archive) source).file();
        if (!Files.isRegularFile(file)) {
            throw new ImageException(source.describe() + ": no such file");
        }
        TarFile tar;
        try {
            tar = new TarFile(file);
        } catch (IOException | RuntimeException e) {
            throw new ImageException(source.describe() + ": not a tar archive (" + e.getMessage() + ")", e);
        }
        return new Archive(source, file, tar);
    }

    /** A layout directory: NAME is a path below it. */
    record Directory(Path dir) implements ImageFiles {
        @Override
        public boolean exists(String name) {
            return Files.isRegularFile(dir.resolve(name));
        }

        @Override
        public InputStream open(String name) throws IOException {
            return Files.newInputStream(dir.resolve(name));
        }

        @Override
        public InputStream openBlob(String name) throws IOException {
            Path blob = dir.resolve(name);
            InputStream in = Files.newInputStream(blob, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!Files.isRegularFile(blob, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                in.close();
                throw new IOException(blob + " is not a regular file");
            }
            return in;
        }

        @Override
        public ImageLayer layer(String digest, String mediaType, boolean gzip, String name) {
            return new ImageLayer(digest, mediaType, gzip, dir.resolve(name).toAbsolutePath().normalize(), null);
        }

        @Override
        public String describe(String name) {
            return dir.resolve(name).toString();
        }

        @Override
        public void close() {
        }
    }

    /** An archive: NAME is an entry (a leading ./ is ignored, as tar does). */
    final class Archive implements ImageFiles {
        private final Path file;
        private final TarFile tar;
        private final Map<String, TarArchiveEntry> files = new LinkedHashMap<>();
        /** The names of the entries that are not files (directories, links). */
        private final java.util.Set<String> others = new java.util.HashSet<>();

        /**
         * Refuses an archive that holds a name twice: tar extracts every copy and the last one
         * wins, so the copy checked here could be another than the one extracted.
         */
        Archive(ImageSource source, Path file, TarFile tar) {
            this.file = file;
            this.tar = tar;
            for (TarArchiveEntry entry : tar.getEntries()) {
                String name = strip(entry.getName());
                if (files.containsKey(name) || (entry.isFile() && others.contains(name))) {
                    closeQuietly();
                    throw new ImageException(source.describe() + ": holds '" + name + "' twice; nothing was extracted");
                }
                if (entry.isFile()) {
                    files.put(name, entry);
                } else {
                    others.add(name);
                }
            }
        }

        private void closeQuietly() {
            try {
                tar.close();
            } catch (IOException ignored) {
                // the refusal is the message
            }
        }

        private static String strip(String name) {
            return name.startsWith("./") ? name.substring(2) : name;
        }

        @Override
        public boolean exists(String name) {
            return files.containsKey(name);
        }

        @Override
        public InputStream open(String name) throws IOException {
            TarArchiveEntry entry = files.get(name);
            if (entry == null) {
                throw new IOException("no entry " + name);
            }
            return tar.getInputStream(entry);
        }

        @Override
        public ImageLayer layer(String digest, String mediaType, boolean gzip, String name) {
            // the entry's name as the archive spells it: the scripts extract it by that name
            return new ImageLayer(digest, mediaType, gzip, file.toAbsolutePath().normalize(), files.get(name).getName());
        }

        @Override
        public String describe(String name) {
            return file + ":" + name;
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
