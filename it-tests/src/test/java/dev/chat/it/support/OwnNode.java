package dev.chat.it.support;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that needs a node of its own instead of the run's shared one
 * ({@link SharedDeployment}): a fresh node, a deployment with the test inside it, nodes it starts
 * itself. Say why. These classes run before the ones that share a node ({@link OwnNodeFirst}),
 * so the shared node is deployed once and never runs beside theirs. Tagged {@code own-node}.
 */
@Tag("own-node")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnNode {
    String value();
}
