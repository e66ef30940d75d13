package dev.jconshgen.render;

/** The scripts generated for one container, in the order a user runs them. */
public enum ScriptKind {
    CREATE_LOWERFS("create_lowerfs.sh"),
    SETUP("consh_setup.sh"),
    POST_SETUP("consh_post_setup.sh"),
    NETWORK_SETUP("consh_nw_setup.sh"),
    NETWORK_CLEANUP("consh_nw_cleanup.sh"),
    CLEANUP("consh_cleanup.sh");

    private final String fileName;

    ScriptKind(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public String templateName() {
        return fileName + ".ftl";
    }
}
