package dev.jconshgen.render;

/** The scripts generated for one container, in the order a user runs them. */
public enum ScriptKind {
    CREATE_LOWERFS("create_lowerfs.sh", false),
    SETUP("consh_setup.sh", false),
    POST_SETUP("consh_post_setup.sh", false),
    BRIDGE_SETUP("consh_bridge_setup.sh", true),
    NETWORK_SETUP("consh_nw_setup.sh", false),
    NETWORK_CLEANUP("consh_nw_cleanup.sh", false),
    CLEANUP("consh_cleanup.sh", false),
    BRIDGE_CLEANUP("consh_bridge_cleanup.sh", true);

    private final String fileName;
    private final boolean bridgeOnly;

    ScriptKind(String fileName, boolean bridgeOnly) {
        this.fileName = fileName;
        this.bridgeOnly = bridgeOnly;
    }

    /** Rendered only for a spec whose network joins a bridge: other specs keep their six scripts. */
    public boolean bridgeOnly() {
        return bridgeOnly;
    }

    public String fileName() {
        return fileName;
    }

    public String templateName() {
        return fileName + ".ftl";
    }
}
