package dev.jconshgen.fleet;

import java.util.List;

/**
 * One value of the spec that each host of a fleet may set for itself: an inventory variable whose
 * default is the spec's value.
 *
 * @param name         the Ansible variable, e.g. {@code consh_host_address}
 * @param path         where the value is in the spec's document: map keys and list indexes
 * @param defaultValue the spec's value
 * @param meaning      what it is, for the comment above its default
 */
public record HostVariable(String name, List<Object> path, Object defaultValue, String meaning) {
    public HostVariable {
        path = List.copyOf(path);
    }
}
