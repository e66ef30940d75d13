package dev.jconshgen.verify;

import java.util.List;

/** A group of related checks; each returns one result per thing it checked. */
interface Check {
    List<CheckResult> run(Target target);
}
