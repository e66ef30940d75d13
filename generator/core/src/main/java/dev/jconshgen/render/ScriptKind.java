package dev.jconshgen.render;

/** The scripts generated for one container, in the order a user runs them (the robust scripts' library first). */
public enum ScriptKind {
    LIB("consh_lib.sh", false, true),
    CREATE_LOWERFS("create_lowerfs.sh", false, false),
    SETUP("consh_setup.sh", false, false),
    /** A lab member inside another: create_lowerfs.sh's and consh_setup.sh's work, run inside the outer container. */
    INNER_SETUP("consh_inner_setup.sh", false, false),
    POST_SETUP("consh_post_setup.sh", false, false),
    BRIDGE_SETUP("consh_bridge_setup.sh", true, false),
    NETWORK_SETUP("consh_nw_setup.sh", false, false),
    NETWORK_CLEANUP("consh_nw_cleanup.sh", false, false),
    CLEANUP("consh_cleanup.sh", false, false),
    /** A lab member inside another: its tmpfs removed, inside the outer container. */
    INNER_CLEANUP("consh_inner_cleanup.sh", false, false),
    BRIDGE_CLEANUP("consh_bridge_cleanup.sh", true, false);

    /** The scripts of a lab member inside another, run inside the outer container. */
    public static final java.util.Set<ScriptKind> INNER = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(LIB, INNER_SETUP, POST_SETUP, INNER_CLEANUP));

    /** Whether only a member inside another has this script. */
    public boolean innerOnly() {
        return this == INNER_SETUP || this == INNER_CLEANUP;
    }

    private final String fileName;
    private final boolean bridgeOnly;
    private final boolean robustOnly;

    ScriptKind(String fileName, boolean bridgeOnly, boolean robustOnly) {
        this.fileName = fileName;
        this.bridgeOnly = bridgeOnly;
        this.robustOnly = robustOnly;
    }

    /** Rendered only for a spec whose network joins a bridge: other specs keep their six scripts. */
    public boolean bridgeOnly() {
        return bridgeOnly;
    }

    /**
     * Rendered only in the robust style: consh_lib.sh, the functions the robust scripts share,
     * written once and sourced by each of them from its own directory. A lesson script reads
     * top to bottom on its own.
     */
    public boolean robustOnly() {
        return robustOnly;
    }

    /** Whether this script is one of that style's. */
    public boolean renderedIn(Style style) {
        return style == Style.ROBUST || !robustOnly;
    }

    public String fileName() {
        return fileName;
    }

    public String templateName() {
        return fileName + ".ftl";
    }
}
