package dev.jconshgen.rootless;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.time.Duration;

/** A user's UID and primary GID, resolved by name or number with id(1) (so NSS users count too). */
public record UserIds(long uid, long gid) {
    public static UserIds resolve(String user, ProcessRunner runner) {
        if (user.isEmpty() || user.startsWith("-")) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--user: '" + user + "' is not a user name or UID");
        }
        ExecResult uid = runner.run(Command.of(Duration.ofSeconds(10), "id", "-u", "--", user));
        ExecResult gid = runner.run(Command.of(Duration.ofSeconds(10), "id", "-g", "--", user));
        if (!uid.ok() || !gid.ok()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--user: no user '" + user + "' on this host (id: "
                    + uid.stderr().strip() + ")");
        }
        long u = Long.parseLong(uid.stdout().strip());
        if (u == 0) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--user: '" + user + "' is root: leave --user out");
        }
        return new UserIds(u, Long.parseLong(gid.stdout().strip()));
    }
}
