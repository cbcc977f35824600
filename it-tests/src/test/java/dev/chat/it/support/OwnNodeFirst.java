package dev.chat.it.support;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.util.Comparator;

/**
 * The order of the system test classes (junit-platform.properties): those with a node of their own
 * ({@link OwnNode}) first, then the classes that share one, each group by name, and at the very end
 * those that look at what the run left behind ({@link RunsLast}). So the shared node
 * is deployed once, after the others, and is not running while a class starts nodes of its own.
 */
public class OwnNodeFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor test) -> test.isAnnotated(RunsLast.class))
                .thenComparing(test -> !test.isAnnotated(OwnNode.class))
                .thenComparing(test -> test.getTestClass().getName()));
    }
}
