package dev.jconshgen.apply.preflight;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The major.minor of a kernel release string such as {@code 6.1.0-18-amd64}. */
public record KernelRelease(int major, int minor) implements Comparable<KernelRelease> {
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    public static Optional<KernelRelease> parse(String release) {
        Matcher m = VERSION.matcher(release.trim());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KernelRelease(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(KernelRelease other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
