package dev.chat.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of docs/architecture.md, read from the compiled classes of chat-api, chat-ejb
 * and chat-web with the JDK's {@code jdeps}: no package in two modules (in the EAR that is one
 * package over two class loaders), no import cycle between packages, nothing in
 * {@code dev.chat.platform} depending on a feature, and the wire contract (chat-api) depending on
 * nothing of the server.
 */
class PackageDependenciesTest {
    private static final List<String> MODULES = List.of("chat-api", "chat-ejb", "chat-web");
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.chat\\.\\S+)\\s+->\\s+(dev\\.chat\\.\\S+)\\s+.*$");

    private static final Map<String, Set<String>> PACKAGES_BY_MODULE = new TreeMap<>();
    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();

    @BeforeAll
    static void readCompiledClasses() throws IOException {
        Path repository = Path.of(System.getProperty("chat.repo.dir"));
        for (String module : MODULES) {
            Path classes = repository.resolve(module).resolve("target/classes/dev/chat");
            assertThat(classes).as("compiled classes of " + module).isDirectory();
            PACKAGES_BY_MODULE.put(module, packagesUnder(classes.getParent()));
            jdeps(classes.getParent()).forEach((from, to) -> DEPENDENCIES.computeIfAbsent(from, p -> new TreeSet<>()).addAll(to));
        }
    }

    @Test
    void noPackageIsSplitAcrossModules() {
        Map<String, List<String>> modulesByPackage = new TreeMap<>();
        PACKAGES_BY_MODULE.forEach((module, packages) ->
                packages.forEach(pkg -> modulesByPackage.computeIfAbsent(pkg, p -> new ArrayList<>()).add(module)));

        assertThat(modulesByPackage).as("packages found in more than one module")
                .allSatisfy((pkg, modules) -> assertThat(modules).as(pkg).hasSize(1));
    }

    @Test
    void noCycleBetweenPackages() {
        assertThat(cycles(DEPENDENCIES)).as("package cycles").isEmpty();
    }

    @Test
    void platformDependsOnNoFeature() {
        assertThat(edges(from -> from.startsWith("dev.chat.platform."), to -> !isPlatformOrApi(to)))
                .as("platform -> feature").isEmpty();
    }

    @Test
    void wireContractDependsOnNothingOfTheServer() {
        assertThat(edges(from -> from.startsWith("dev.chat.api"), to -> !to.startsWith("dev.chat.api")))
                .as("chat-api -> server").isEmpty();
    }

    @Test
    void theRulesSeeTheWholeCode() {
        assertThat(DEPENDENCIES).as("a jdeps run that found nothing would pass every rule")
                .containsKey("dev.chat.connection.boundary")
                .containsKey("dev.chat.message.boundary");
        assertThat(DEPENDENCIES.get("dev.chat.connection.boundary")).contains("dev.chat.message.boundary");
    }

    @Test
    void aCycleIsFound() {
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"))))
                .containsExactly(Set.of("a", "b", "c"));
    }

    private static boolean isPlatformOrApi(String pkg) {
        return pkg.startsWith("dev.chat.platform.") || pkg.startsWith("dev.chat.api");
    }

    private static List<String> edges(Predicate<String> from, Predicate<String> to) {
        return DEPENDENCIES.entrySet().stream().filter(e -> from.test(e.getKey()))
                .flatMap(e -> e.getValue().stream().filter(to).map(target -> e.getKey() + " -> " + target))
                .toList();
    }

    private static Set<String> packagesUnder(Path classesRoot) throws IOException {
        try (Stream<Path> files = Files.walk(classesRoot)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classesRoot.relativize(file.getParent()).toString().replace('/', '.'))
                    .filter(pkg -> pkg.startsWith("dev.chat"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Map<String, Set<String>> jdeps(Path classesRoot) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("jdeps: run the build on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-include", "dev\\.chat\\..*",
                classesRoot.toString());
        assertThat(exit).as("jdeps exit status; stderr: " + err).isZero();
        Map<String, Set<String>> dependencies = new HashMap<>();
        out.toString().lines().map(EDGE::matcher).filter(Matcher::matches).forEach(edge -> {
            if (!edge.group(1).equals(edge.group(2))) {
                dependencies.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
            }
        });
        return dependencies;
    }

    /** Tarjan's strongly connected components of more than one package. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        var search = new Object() {
            int next;
            final Map<String, Integer> index = new HashMap<>();
            final Map<String, Integer> low = new HashMap<>();
            final Deque<String> stack = new ArrayDeque<>();
            final Set<String> onStack = new TreeSet<>();
            final List<Set<String>> found = new ArrayList<>();

            void visit(String pkg) {
                index.put(pkg, next);
                low.put(pkg, next++);
                stack.push(pkg);
                onStack.add(pkg);
                for (String target : graph.getOrDefault(pkg, Set.of())) {
                    if (!index.containsKey(target)) {
                        visit(target);
                        low.put(pkg, Math.min(low.get(pkg), low.get(target)));
                    } else if (onStack.contains(target)) {
                        low.put(pkg, Math.min(low.get(pkg), index.get(target)));
                    }
                }
                if (low.get(pkg).equals(index.get(pkg))) {
                    Set<String> component = new TreeSet<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(pkg));
                    if (component.size() > 1) {
                        found.add(component);
                    }
                }
            }
        };
        new TreeSet<>(graph.keySet()).forEach(pkg -> {
            if (!search.index.containsKey(pkg)) {
                search.visit(pkg);
            }
        });
        return search.found;
    }
}
