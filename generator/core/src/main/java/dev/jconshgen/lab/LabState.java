package dev.jconshgen.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What jconshgen knows of a lab it applied: enough for destroy to undo it, even after apply was
 * killed halfway.
 *
 * @param bridge   what the lab did with its bridge: {@link Bridge#NONE} before the bridge step,
 *                 {@link Bridge#CREATING} while its setup runs (written first, so a kill -9 then
 *                 still lets destroy find a bridge it made), {@link Bridge#CREATED} after
 * @param members  the members apply started on, in order: each has its own container state
 */
public record LabState(String name, Path specFile, String bridgeName, Bridge bridge, List<String> members) {
    public enum Bridge { NONE, CREATING, CREATED }

    public LabState {
        members = List.copyOf(members);
    }

    public LabState withBridge(Bridge state) {
        return new LabState(name, specFile, bridgeName, state, members);
    }

    public LabState withMember(String member) {
        List<String> more = new ArrayList<>(members);
        if (!more.contains(member)) {
            more.add(member);
        }
        return new LabState(name, specFile, bridgeName, bridge, more);
    }
}
