package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The promise "one contract test over every model": each {@link Model} constant has a concrete subclass
 * of {@link ExecutionModelContract} among the compiled tests, and that subclass opens this model (not a
 * copy-pasted neighbour). A new constant without its contract test fails here, naming it. Every model is
 * opened once with one worker and closed at once (forked-process: two child JVMs in all).
 *
 * <p>{@link Model#DISTRIBUTED} lives in the distributed module, which depends on this one, so it is not on
 * this class path: its contract test is the distributed module's {@code DistributedContractTest}, and that
 * module's {@code DistributedCoverageTest} checks that {@code Model.DISTRIBUTED} opens it. Here: it is the
 * only model allowed to be absent, and opening it says so in one line.
 */
class ContractCoverageTest {

    @Test
    void everyModelHasAContractTestThatOpensIt() throws Exception {
        Map<Class<?>, Model> byClass = new java.util.HashMap<>();
        List<Model> elsewhere = new ArrayList<>();
        for (Model m : Model.values()) {
            if (!m.onClassPath()) {
                elsewhere.add(m);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.open(ModelSpec.of(1)));
                assertTrue(e.getMessage().contains("distributed module"), e.getMessage());
                continue;
            }
            try (ExecutionModel opened = m.open(ModelSpec.of(1))) {
                byClass.put(opened.getClass(), m);
            }
        }
        Map<Model, List<String>> covered = new EnumMap<>(Model.class);
        List<String> strays = new ArrayList<>();
        for (Class<?> c : contractSubclasses()) {
            Model opened = byClass.get(classOpenedBy(c));
            if (opened == null) {
                strays.add(c.getName());
            } else {
                covered.computeIfAbsent(opened, m -> new ArrayList<>()).add(c.getSimpleName());
            }
        }
        List<String> missing = new ArrayList<>();
        assertEquals(List.of(Model.DISTRIBUTED), elsewhere, "only the distributed model lives in another module");
        for (Model m : Model.values()) {
            if (!covered.containsKey(m) && !elsewhere.contains(m)) {
                missing.add(m.label());
            }
        }
        assertEquals(List.of(), missing, "models without a subclass of ExecutionModelContract (found: " + covered + ")");
        assertEquals(List.of(), strays, "contract subclasses that open no Model constant's class");
        assertFalse(covered.isEmpty());
    }

    /** The concrete subclasses among the compiled test classes of this package. */
    private static List<Class<?>> contractSubclasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(ExecutionModelContract.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = root.resolve(ExecutionModelContract.class.getPackageName().replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String simple = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(ExecutionModelContract.class.getPackageName() + "." + simple,
                        false, ContractCoverageTest.class.getClassLoader());
                if (ExecutionModelContract.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The implementation class the subclass's {@code open(1)} returns (opened with one worker, closed at once). */
    private static Class<?> classOpenedBy(Class<?> subclass) throws ReflectiveOperationException {
        Constructor<?> ctor = subclass.getDeclaredConstructor();
        ctor.setAccessible(true);
        ExecutionModelContract contract = (ExecutionModelContract) ctor.newInstance();
        try (ExecutionModel m = contract.open(1)) {
            return m.getClass();
        }
    }
}
