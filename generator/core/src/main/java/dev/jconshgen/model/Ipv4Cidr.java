package dev.jconshgen.model;

/**
 * An IPv4 address with a prefix length, e.g. {@code 10.0.0.1/24}. Parsing is strict: four decimal
 * octets without leading zeros (which some tools read as octal) and a prefix from 1 to 30, so that
 * the subnet has room for two hosts.
 */
public record Ipv4Cidr(int address, int prefix) {
    public static final int MIN_PREFIX = 1;
    public static final int MAX_PREFIX = 30;

    public static Ipv4Cidr parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' has no /prefix");
        }
        String[] octets = text.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("'" + text + "' does not have four octets");
        }
        int address = 0;
        for (String octet : octets) {
            address = (address << 8) | parseNumber(octet, 255, "octet", text);
        }
        int prefix = parseNumber(text.substring(slash + 1), MAX_PREFIX, "prefix", text);
        if (prefix < MIN_PREFIX) {
            throw new IllegalArgumentException("prefix of '" + text + "' is below " + MIN_PREFIX);
        }
        return new Ipv4Cidr(address, prefix);
    }

    private static int parseNumber(String digits, int max, String what, String whole) {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " '" + digits + "' of '" + whole + "' is not a number from 0 to " + max);
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new IllegalArgumentException(what + " '" + digits + "' of '" + whole + "' has a leading zero");
        }
        int value = Integer.parseInt(digits);
        if (value > max) {
            throw new IllegalArgumentException(what + " " + value + " of '" + whole + "' is above " + max);
        }
        return value;
    }

    private int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int network() {
        return address & mask();
    }

    public boolean isNetworkAddress() {
        return address == network();
    }

    public boolean isBroadcastAddress() {
        return (address | mask()) == -1;
    }

    public boolean sameSubnet(Ipv4Cidr other) {
        return prefix == other.prefix && network() == other.network();
    }

    /** The address alone, e.g. {@code 10.0.0.1}. */
    public String addressText() {
        return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "." + (address & 255);
    }

    @Override
    public String toString() {
        return addressText() + "/" + prefix;
    }
}
