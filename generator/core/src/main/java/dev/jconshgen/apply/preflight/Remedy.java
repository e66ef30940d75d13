package dev.jconshgen.apply.preflight;

/** Values quoted for the commands a remedy shows, so that they can be pasted as they are. */
final class Remedy {
    private Remedy() {
    }

    static String quote(Object value) {
        String word = String.valueOf(value);
        return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
