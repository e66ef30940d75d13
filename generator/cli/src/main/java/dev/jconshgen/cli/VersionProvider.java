package dev.jconshgen.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the version Maven wrote into the jar. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/jconshgen/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"jconshgen " + properties.getProperty("version", "unknown")};
    }
}
