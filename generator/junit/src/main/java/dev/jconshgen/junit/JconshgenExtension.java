package dev.jconshgen.junit;

import dev.jconshgen.api.AppliedContainer;
import dev.jconshgen.api.Jconshgen;
import dev.jconshgen.apply.preflight.PreflightException;
import dev.jconshgen.model.ContainerSpec;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit 5: applies the {@link JconshgenContainer} fields before the tests and destroys them after
 * (also when a test fails: JUnit closes what the extension keeps in its store), and passes the
 * running containers as {@link AppliedContainer} parameters. A host that cannot run the container
 * (apply's preflight: not root and no delegated cgroup, no static busybox, user namespaces
 * blocked, ...) skips the test with the preflight's reasons instead of failing it.
 *
 * <pre>{@code
 * @ExtendWith(JconshgenExtension.class)          // or @RegisterExtension with new JconshgenExtension(jconshgen)
 * class WebTest {
 *     @JconshgenContainer
 *     static ContainerSpec web = Container.named("web").busyboxLayer().build();
 *
 *     @Test
 *     void answers(AppliedContainer web) {
 *         web.verify().assertAllPassed();
 *     }
 * }
 * }</pre>
 */
public final class JconshgenExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JconshgenExtension.class);

    private final Jconshgen jconshgen;

    /** With {@code @ExtendWith}: state and layer cache where the command line keeps them. */
    public JconshgenExtension() {
        this(Jconshgen.onThisHost());
    }

    /** With {@code @RegisterExtension}: this jconshgen's state directory and layer cache. */
    public JconshgenExtension(Jconshgen jconshgen) {
        this.jconshgen = jconshgen;
    }

    /** The containers of one scope (the class, or one test), closed by JUnit when the scope ends. */
    private static final class Applied implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Map<String, AppliedContainer> byField = new LinkedHashMap<>();

        @Override
        public void close() {
            // Last applied, first destroyed; every one is tried, the first failure is reported.
            List<AppliedContainer> all = new ArrayList<>(byField.values());
            java.util.Collections.reverse(all);
            RuntimeException first = null;
            for (AppliedContainer container : all) {
                try {
                    container.close();
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        applyFields(context, null, true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        applyFields(context, context.getRequiredTestInstance(), false);
    }

    private void applyFields(ExtensionContext context, Object instance, boolean statics) {
        Applied applied = new Applied();
        context.getStore(NAMESPACE).put(Applied.class, applied);
        for (Field field : context.getRequiredTestClass().getDeclaredFields()) {
            if (!field.isAnnotationPresent(JconshgenContainer.class) || Modifier.isStatic(field.getModifiers()) != statics) {
                continue;
            }
            if (!ContainerSpec.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException("@JconshgenContainer " + field.getName() + " must be a ContainerSpec, not " + field.getType().getName());
            }
            ContainerSpec spec;
            try {
                field.setAccessible(true);
                spec = (ContainerSpec) field.get(instance);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read @JconshgenContainer " + field.getName() + ": " + e.getMessage(), e);
            }
            try {
                applied.byField.put(field.getName(), jconshgen.apply(spec));
            } catch (PreflightException e) {
                throw new TestAbortedException("this host cannot run container " + spec.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AppliedContainer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Map<String, AppliedContainer> all = new LinkedHashMap<>();
        // The test's own containers first, then the class's (an ancestor context's store).
        for (ExtensionContext scope = context; scope != null; scope = scope.getParent().orElse(null)) {
            Applied applied = scope.getStore(NAMESPACE).get(Applied.class, Applied.class);
            if (applied != null) {
                applied.byField.forEach(all::putIfAbsent);
            }
        }
        if (all.size() == 1) {
            return all.values().iterator().next();
        }
        String name = parameter.getParameter().isNamePresent() ? parameter.getParameter().getName() : "";
        AppliedContainer named = all.get(name);
        if (named == null) {
            throw new ParameterResolutionException("no @JconshgenContainer field for parameter " + name + " (there are "
                    + String.join(", ", all.keySet()) + "; name the parameter like the field, and compile with -parameters)");
        }
        return named;
    }
}
