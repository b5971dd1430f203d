package org.gilbench.workload;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Lookup of enum constants by their user-facing label ({@code odd-only}, {@code gil-emulated}, ...),
 * shared by every enum whose constants have one, so every unknown name fails the same way.
 */
public final class Labels {

    private Labels() {
    }

    /**
     * The constant whose label is {@code name}.
     *
     * @param what what the name names, for the message, e.g. {@code "prime-check variant"}
     * @throws IllegalArgumentException {@code unknown <what> '<name>' (known: a, b, c)}
     */
    public static <E extends Enum<E>> E named(E[] values, Function<E, String> label, String what, String name) {
        for (E value : values) {
            if (label.apply(value).equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "' (known: "
                + String.join(", ", of(values, label)) + ")");
    }

    /** Every label, in declaration order. */
    public static <E extends Enum<E>> List<String> of(E[] values, Function<E, String> label) {
        return Arrays.stream(values).map(label).toList();
    }
}
