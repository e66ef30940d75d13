package dev.jconshgen.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link dev.jconshgen.model.ContainerSpec} field that {@link JconshgenExtension} applies: a
 * static field once for the test class, an instance field for each test. The running container
 * is a parameter of type {@link dev.jconshgen.api.AppliedContainer} (named like the field when
 * there are several).
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface JconshgenContainer {
}
