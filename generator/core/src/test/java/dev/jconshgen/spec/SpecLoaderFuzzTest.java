package dev.jconshgen.spec;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 17: the spec loader against at least 10,000 random and mutated documents per run.
 * Whatever the text, loading it either gives a valid spec, which the writer turns into YAML that
 * loads as the same spec, or exit 2 ({@link InvalidSpecException}) where every error is
 * {@code FILE:LINE:COLUMN: message} with a message for a person. Anything else (a
 * NullPointerException, a StackOverflowError, an error without a line, a message with a class
 * name in it) breaks the property.
 *
 * <p>Runs are reproducible: {@code -Djconshgen.fuzz.seed=N} (default {@link #DEFAULT_SEED}) and
 * {@code -Djconshgen.fuzz.count=N} (default 10,000, shared by the three tests). Each case has a
 * Random of its own, made from the seed, its test and its index, so a failure's seed and index
 * make its input again whatever the count; the failure message shows the input too.
 */
class SpecLoaderFuzzTest {
    /** Issue 17, item 6; any other value is as good. */
    static final long DEFAULT_SEED = 0x17_06L;
    private static final long SEED = Long.decode(System.getProperty("jconshgen.fuzz.seed", String.valueOf(DEFAULT_SEED)));
    private static final int COUNT = Integer.getInteger("jconshgen.fuzz.count", 10_000);
    private static final int CONTAINERS = COUNT * 35 / 100;
    private static final int LABS = COUNT * 25 / 100;
    private static final int MUTATIONS = COUNT - CONTAINERS - LABS;

    /** Text only the JVM writes: a class name, an exception's name, a stack frame, a bare "null". */
    private static final Pattern INTERNAL = Pattern.compile(
            "\\b(java|javax|jdk|sun)\\.[a-z]+\\.|org\\.snakeyaml|dev\\.jconshgen|[A-Za-z]+(Exception|Error)\\b|\\bat [\\w$.]+\\(|\\.java:[0-9]|^null$|: null$");

    /** The text of every example and bats spec, and the YAML the writer makes of each valid one. */
    private static List<String> seeds;

    @TempDir
    Path dir;

    private final YamlSpecLoader loader = new YamlSpecLoader();
    private final SpecMutator mutator = new SpecMutator();
    /** Cases of the current test that loaded as a valid spec. */
    private int valid;

    @BeforeAll
    static void readSeeds() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> examples = Files.list(Repo.examples()); Stream<Path> bats = Files.list(Repo.root().resolve("bats-tests/specs"))) {
            for (Path file : Stream.concat(examples, bats).filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String text = Files.readString(file);
                texts.add(text);
                written(text).ifPresent(texts::add);
            }
        }
        assertThat(texts).as("specs to mutate").hasSizeGreaterThan(20);
        seeds = List.copyOf(texts);
    }

    /** The writer's YAML of a valid spec text: block style, every default written out. */
    private static Optional<String> written(String text) {
        try {
            return Optional.of(YamlSpecLoader.isLab(text) ? SpecYamlWriter.write(new YamlSpecLoader().parseLab("seed", text))
                    : SpecYamlWriter.write(new YamlSpecLoader().parse("seed", text)));
        } catch (InvalidSpecException e) {
            return Optional.empty();
        }
    }

    @Test
    void randomContainersLoadOrGiveLocatedErrors() {
        check("random container", CONTAINERS, random -> {
            String text = RandomSpecs.container(random);
            return new Case(YamlSpecs.FILE, () -> FuzzInput.javaLiteral(text), () -> loader.parse(YamlSpecs.FILE, text));
        });
    }

    @Test
    void randomLabsLoadOrGiveLocatedErrors() {
        check("random lab", LABS, random -> {
            String text = RandomSpecs.lab(random);
            return new Case(YamlSpecs.FILE, () -> FuzzInput.javaLiteral(text), () -> loader.parseLab(YamlSpecs.FILE, text));
        });
    }

    /** Half as text handed in (as the JUnit extension and the DSL do), half as a file, some with bytes that are not UTF-8. */
    @Test
    void mutatedSpecsLoadOrGiveLocatedErrors() {
        check("mutated spec", MUTATIONS, random -> {
            String text = mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
            if (random.nextBoolean()) {
                return new Case(YamlSpecs.FILE, () -> FuzzInput.javaLiteral(text),
                        () -> YamlSpecLoader.isLab(text) ? loader.parseLab(YamlSpecs.FILE, text) : loader.parse(YamlSpecs.FILE, text));
            }
            byte[] bytes = random.nextInt(3) == 0 ? mutator.mutateBytes(text, random) : text.getBytes(StandardCharsets.UTF_8);
            Path file = write(bytes);
            return new Case(file.toString(), () -> FuzzInput.bytesLiteral(bytes), () -> specOf(loader.loadEither(file)));
        });
    }

    private static Object specOf(YamlSpecLoader.Loaded loaded) {
        return loaded instanceof YamlSpecLoader.LoadedLab lab ? lab.lab() : ((YamlSpecLoader.LoadedSpec) loaded).spec();
    }

    /** One input: the file name its errors must carry, the input as a failure shows it (made only then), and loading it. */
    private record Case(String label, Supplier<String> shown, Supplier<Object> load) {
    }

    /** What breaks the property: {@code kind} groups the failures with one cause, {@code detail} shows this one. */
    private record Problem(String kind, String detail) {
    }

    /** A case that breaks the property. */
    private record Failure(int index, Problem problem, String shown) {
        String kind() {
            return problem.kind();
        }
    }

    private void check(String stream, int cases, Function<Random, Case> makeCase) {
        List<Failure> failures = new ArrayList<>();
        for (int index = 0; index < cases; index++) {
            Case input = makeCase.apply(new Random(caseSeed(stream, index)));
            int failed = index;
            problemOf(input).ifPresent(problem -> failures.add(new Failure(failed, problem, input.shown().get())));
        }
        if (!failures.isEmpty()) {
            fail(FuzzReport.of(stream, SEED, cases, failures));
        }
        // A generator that only made broken documents would never reach the validators.
        assertThat(valid).as("%s cases that are valid specs, of %d (seed %d)", stream, cases, SEED).isGreaterThan(cases / 100);
    }

    /** The seed of one case: the run's seed, the test (by its name) and the index, mixed. */
    private static long caseSeed(String stream, int index) {
        return SEED * 0x9E3779B97F4A7C15L + stream.hashCode() * 0xBF58476D1CE4E5B9L + index;
    }

    // --- the property

    private Optional<Problem> problemOf(Case input) {
        Object spec;
        try {
            spec = input.load().get();
        } catch (InvalidSpecException e) {
            return problemWithErrors(e, input.label());
        } catch (Throwable e) {
            // StackOverflowError and OutOfMemoryError included: the loader must refuse such input first.
            return Optional.of(new Problem("internal error " + e.getClass().getName() + " at " + firstFrame(e), stackTrace(e)));
        }
        valid++;
        return roundTripProblem(spec).map(detail -> new Problem("valid, but the writer's YAML does not load as the same spec", detail));
    }

    /** The first thing wrong with a rejection, or empty. */
    private static Optional<Problem> problemWithErrors(InvalidSpecException e, String label) {
        if (e.exitCode() != ExitCode.INVALID_INPUT) {
            return Optional.of(new Problem("exit code " + e.exitCode() + " instead of " + ExitCode.INVALID_INPUT, e.getMessage()));
        }
        if (e.errors().isEmpty()) {
            return Optional.of(new Problem("rejected without an error", ""));
        }
        for (SpecError error : e.errors()) {
            Optional<String> kind = problemWith(error, label);
            if (kind.isPresent()) {
                return Optional.of(new Problem(kind.get(), error.toString()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problemWith(SpecError error, String label) {
        if (!label.equals(error.file())) {
            return Optional.of("error names another file than the one loaded");
        }
        if (error.path() == null || error.message() == null || error.message().isBlank()) {
            return Optional.of("error without a path or a message");
        }
        if (isWholeFileError(error)) {
            return Optional.empty();
        }
        if (error.line() < 1 || error.column() < 1 || !error.format().startsWith(label + ":" + error.line() + ":" + error.column() + ": ")) {
            return Optional.of("error without a line and column");
        }
        if (INTERNAL.matcher(error.message()).find()) {
            return Optional.of("message that looks like an internal error");
        }
        if (error.message().codePoints().anyMatch(c -> SpecValidator.isControl(c) || SpecValidator.isBidiControl(c)
                || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))) {
            // One error is one line of output, nothing in it is a terminal's command, all of it can be written as UTF-8.
            return Optional.of("message with a control character or half a surrogate pair");
        }
        return Optional.empty();
    }

    /**
     * The one error with line and column 0, printed as {@code FILE: message}: a document over
     * the size limit is refused before it is read as YAML, so no line of it is to blame.
     */
    private static boolean isWholeFileError(SpecError error) {
        return error.line() == 0 && error.column() == 0 && error.path().isEmpty() && error.message().equals(SpecFileReader.tooLarge());
    }

    /** What differs when a valid spec is written as YAML and loaded again, or empty. */
    private Optional<String> roundTripProblem(Object spec) {
        String written = spec instanceof LabSpec lab ? SpecYamlWriter.write(lab) : SpecYamlWriter.write((ContainerSpec) spec);
        try {
            Object again = spec instanceof LabSpec ? loader.parseLab("written.yaml", written) : loader.parse("written.yaml", written);
            return again.equals(spec) ? Optional.empty()
                    : Optional.of("loaded as " + again + "\ninstead of " + spec + "\nwritten: " + FuzzInput.javaLiteral(written));
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage() + "\nwritten: " + FuzzInput.javaLiteral(written));
        }
    }

    // --- showing inputs and exceptions

    private Path write(byte[] bytes) {
        try {
            return Files.write(dir.resolve("spec.yaml"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the exception comes from: the first frame outside the JDK, which groups failures by their cause. */
    private static String firstFrame(Throwable e) {
        return java.util.Arrays.stream(e.getStackTrace())
                .filter(frame -> !frame.getClassName().startsWith("java.") && !frame.getClassName().startsWith("jdk."))
                .findFirst().map(frame -> frame.getFileName() + ":" + frame.getLineNumber()).orElse("?");
    }

    private static String stackTrace(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e));
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(12, frames.length); i++) {
            text.append("\n\tat ").append(frames[i]);
        }
        return text.toString();
    }

    /** The failure message: how many cases failed, and the first case of each kind of failure. */
    private static final class FuzzReport {
        private static final int KINDS_SHOWN = 8;

        static String of(String stream, long seed, int cases, List<Failure> failures) {
            StringBuilder text = new StringBuilder();
            text.append(failures.size()).append(" of ").append(cases).append(' ').append(stream).append(" cases break the property")
                    .append(" (seed ").append(seed).append("; the same cases again: -Djconshgen.fuzz.seed=").append(seed).append(")\n");
            List<String> kinds = failures.stream().map(Failure::kind).distinct().toList();
            for (String kind : kinds.subList(0, Math.min(KINDS_SHOWN, kinds.size()))) {
                List<Failure> ofKind = failures.stream().filter(f -> f.kind().equals(kind)).toList();
                Failure first = ofKind.get(0);
                text.append("\n--- ").append(kind).append(": ").append(ofKind.size()).append(" case(s); the first is ").append(stream)
                        .append(" case ").append(first.index()).append(" of seed ").append(seed).append('\n')
                        .append(FuzzInput.escaped(first.problem().detail())).append("\ninput: ").append(first.shown()).append('\n');
            }
            if (kinds.size() > KINDS_SHOWN) {
                text.append("\n... and ").append(kinds.size() - KINDS_SHOWN).append(" more kinds of failure\n");
            }
            return text.toString();
        }
    }
}
