package dev.jconshgen.apply.preflight;

/**
 * One thing on this host that would stop apply, found before anything is created.
 *
 * @param problem what is wrong, with the values seen
 * @param remedy  what to do about it: the command to run first
 */
public record Blocker(String problem, String remedy) {
}
