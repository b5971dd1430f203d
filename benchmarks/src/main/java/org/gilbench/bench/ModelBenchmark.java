package org.gilbench.bench;

import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every workload benchmark shares: the three params that choose the execution model, and the
 * model's life — opened in trial setup (pools and child JVMs exist before the first measured
 * operation) and registered in {@link OpenModels} for {@link ModelProfiler}, closed in trial teardown.
 * Subclasses add their workload's params and a trial setup that builds the workload.
 */
@State(Scope.Benchmark)
public abstract class ModelBenchmark {

    /**
     * The execution model's user-facing name. The models are listed in one place only, {@code Model}:
     * JMH needs literal defaults, so the default is the one model every chart needs, the serial
     * baseline, and whoever runs a sweep passes the names with {@code -p model=...} from
     * {@code Model.NAMES} (the runner does). A new model is thereby picked up without a change
     * here; {@code ModelNamesTest} fails if any other source file starts listing the names again.
     */
    @Param({Model.SERIAL_NAME})
    public String model;

    /** Pool size, concurrent virtual threads, child JVMs; serial accepts only 1. */
    @Param({"1"})
    public int workers;

    /**
     * Model options in {@code key=value;key=value} form (JMH's -p splits at commas), e.g.
     * {@code interval-us=5000}; blank for none.
     */
    @Param({""})
    public String options;

    /** The open model; the benchmarks run their workload through it. */
    protected ExecutionModel executionModel;

    @Setup(Level.Trial)
    public void openModel() {
        executionModel = OpenModels.open(model, workers, options);
    }

    @TearDown(Level.Trial)
    public void closeModel() {
        OpenModels.close(executionModel);
    }
}
