package dev.jconshgen.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mount table of a process, parsed from /proc/PID/mountinfo (see proc(5)). */
public record MountInfo(List<Mount> mounts) {

    /** One mount: where, which file system type, from what source, with which super options. */
    public record Mount(String mountPoint, String fsType, String source, String superOptions) {
        /** The value of one super option, e.g. {@code lowerdir} of an overlay. */
        public Optional<String> option(String name) {
            for (String option : superOptions.split(",")) {
                if (option.startsWith(name + "=")) {
                    return Optional.of(option.substring(name.length() + 1));
                }
            }
            return Optional.empty();
        }
    }

    public static MountInfo parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            // id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions
            String[] fields = line.trim().split(" ");
            int separator = List.of(fields).indexOf("-");
            if (fields.length < 5 || separator < 0 || separator + 3 > fields.length) {
                continue;
            }
            String superOptions = separator + 3 < fields.length ? fields[separator + 3] : "";
            mounts.add(new Mount(unescape(fields[4]), fields[separator + 1], unescape(fields[separator + 2]), unescape(superOptions)));
        }
        return new MountInfo(List.copyOf(mounts));
    }

    /** The mount that is visible at a path: the last one mounted there. */
    public Optional<Mount> at(String mountPoint) {
        Mount found = null;
        for (Mount mount : mounts) {
            if (mount.mountPoint().equals(mountPoint)) {
                found = mount;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The mounts that can be reached by path: those that no later mount covers at or above their
     * mount point (a cgroup2 mounted over a tmpfs /sys/fs/cgroup hides /sys/fs/cgroup/unified).
     */
    public List<Mount> visible() {
        List<Mount> visible = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            String point = mounts.get(i).mountPoint();
            boolean covered = false;
            for (Mount later : mounts.subList(i + 1, mounts.size())) {
                String over = later.mountPoint();
                covered |= point.equals(over) || over.equals("/") || point.startsWith(over + "/");
            }
            if (!covered) {
                visible.add(mounts.get(i));
            }
        }
        return visible;
    }

    /** The mount a path lives on: the visible mount with the longest matching mount point. */
    public Optional<Mount> containing(String path) {
        Mount best = null;
        for (Mount mount : visible()) {
            String point = mount.mountPoint();
            boolean contains = path.equals(point) || point.equals("/") || path.startsWith(point + "/");
            if (contains && (best == null || point.length() >= best.mountPoint().length())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Mount points at or below a directory. */
    public List<String> below(String directory) {
        return mounts.stream().map(Mount::mountPoint)
                .filter(p -> p.equals(directory) || p.startsWith(directory + "/")).toList();
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
