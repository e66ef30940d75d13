package dev.jconshgen.render;

import java.util.Locale;

/**
 * The two renderings of one set of templates. Every step of a script is declared once in its
 * template, with the lab's own command(s) for the lesson and the guarded block for the robust
 * scripts side by side, so the two cannot drift apart.
 */
public enum Style {
    /** The handout's scripts: the lab's commands, each step with a comment on why and its man pages; set -e, no guards. */
    LESSON,
    /** The scripts apply runs: every value checked, rollback, detached mode, cgroup layouts proven. */
    ROBUST;

    /** The style's name on the command line and in the templates: {@code lesson}, {@code robust}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
