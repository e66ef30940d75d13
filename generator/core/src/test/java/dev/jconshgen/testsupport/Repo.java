package dev.jconshgen.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the tests run in; surefire passes its root as {@code jconshgen.repo}. */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String repo = System.getProperty("jconshgen.repo");
        if (repo == null) {
            throw new IllegalStateException("system property jconshgen.repo is not set (run the tests through Maven)");
        }
        Path root = Path.of(repo).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("templates"))) {
            throw new IllegalStateException(root + " has no templates/: jconshgen.repo does not point at the repository");
        }
        return root;
    }

    public static Path examples() {
        return root().resolve("examples");
    }

    public static Path labSpec() {
        return examples().resolve("lab.yaml");
    }

    public static Path templates() {
        return root().resolve("templates");
    }

    public static Path generated() {
        return root().resolve("generated");
    }

    /** Every container of the examples: the Container specs, and each member of a Lab, loaded and validated. */
    public static java.util.List<dev.jconshgen.model.ContainerSpec> exampleContainers() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(examples())) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .flatMap(f -> dev.jconshgen.spec.YamlSpecLoader.isLab(f)
                            ? new dev.jconshgen.spec.YamlSpecLoader().loadLab(f).lab().containers().stream()
                            : java.util.stream.Stream.of(new dev.jconshgen.spec.YamlSpecLoader().load(f).spec()))
                    .toList();
        }
    }
}
