package dev.jconshgen.apply;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * apply's claim on the directories it makes, taken before anything else is created. The overlay
 * directory must not exist: apply makes it afresh and destroy removes exactly it, so an existing
 * one is taken (somebody's data, a leftover, or another container's overlay). Creating it is
 * atomic, so of two applies racing for one overlay directory exactly one gets it. The work
 * directory may exist (it may hold the user's layers and files); it is apply's only when apply
 * created it, and then destroy removes all of it.
 *
 * @param createdWorkdir this apply created the work directory
 */
record WorkdirClaim(boolean createdWorkdir) {
    /** The marker consh_cleanup.sh looks for before it removes an overlay directory. */
    static final String OVERLAY_MARKER = ".consh-overlay";

    static WorkdirClaim take(Resources r) {
        Path workdir = r.workdir();
        Path overlay = r.overlayDir();
        boolean createdWorkdir;
        try {
            Files.createDirectories(workdir.getParent());
            Files.createDirectory(workdir);
            createdWorkdir = true;
        } catch (FileAlreadyExistsException e) {
            createdWorkdir = false;
        } catch (IOException e) {
            throw refused(r, "cannot create the work directory " + workdir + ": " + e.getMessage());
        }
        try {
            Files.createDirectories(overlay.getParent());
            Files.createDirectory(overlay);
        } catch (FileAlreadyExistsException e) {
            release(workdir, createdWorkdir);
            throw refused(r, "the overlay directory " + overlay + " exists already: apply makes it afresh and destroy removes it,"
                    + " so it must not exist (move it away or set another rootfs.overlay; a leftover of the generated scripts,"
                    + " with .consh-overlay in it, is removed by consh_cleanup.sh)");
        } catch (IOException e) {
            release(workdir, createdWorkdir);
            throw refused(r, "cannot create the overlay directory " + overlay + ": " + e.getMessage());
        }
        try {
            // Marked at once, as consh_setup.sh marks the overlay directories it makes: an apply
            // stopped before setup leaves a directory that consh_cleanup.sh may remove.
            Files.writeString(overlay.resolve(OVERLAY_MARKER), "made by jconshgen apply for container " + r.name() + "\n");
            return new WorkdirClaim(createdWorkdir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(overlay);
            } catch (IOException ignored) {
                // it is empty unless the marker was written; either way the refusal says why
            }
            release(workdir, createdWorkdir);
            throw refused(r, "cannot write " + overlay.resolve(OVERLAY_MARKER) + ": " + e.getMessage());
        }
    }

    /** Undoes the work directory again; only while empty, as another apply may have begun using it. */
    private static void release(Path workdir, boolean created) {
        if (created) {
            try {
                Files.deleteIfExists(workdir);
            } catch (IOException e) {
                // not empty: another apply of the same work directory uses it now
            }
        }
    }

    private static JconshgenException refused(Resources r, String problem) {
        return new JconshgenException(ExitCode.FAILURE, "cannot apply " + r.name() + ", nothing was changed:\n  - " + problem);
    }
}
