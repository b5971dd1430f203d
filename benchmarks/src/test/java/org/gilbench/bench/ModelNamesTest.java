package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gilbench.model.Model;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * The promise "adding a model means one constant in {@code Model} and one class": no benchmark or
 * workload source lists the model names, so none needs editing when a model is added.
 */
class ModelNamesTest {

    /** Sources of the two modules a new model must not touch (the tests run in benchmarks/). */
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("../workloads/src/main/java"));

    @Test
    void theModelParamDefaultsToTheSerialBaselineOnly() throws NoSuchFieldException {
        Param param = ModelBenchmark.class.getField("model").getAnnotation(Param.class);
        assertArrayEquals(new String[] {Model.SERIAL.label()}, param.value());
    }

    @Test
    void noSourceButModelListsTheModelNames() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path root : SOURCES) {
            assertTrue(Files.isDirectory(root), "source folder " + root.toAbsolutePath() + " not found");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (file.getFileName().toString().equals("Model.java")) {
                        continue;
                    }
                    String text = Files.readString(file);
                    long named = Model.NAMES.stream().filter(n -> text.contains('"' + n + '"')).count();
                    // A model's own class names itself, forked-process also its child models: 3 at most.
                    if (named > 3) {
                        offenders.add(file + " (" + named + " model names)");
                    }
                }
            }
        }
        assertTrue(offenders.isEmpty(), "model names listed outside Model.java: " + offenders);
    }
}
