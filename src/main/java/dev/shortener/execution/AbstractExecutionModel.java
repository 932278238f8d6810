package dev.shortener.execution;

import java.util.function.IntSupplier;

import dev.shortener.config.ModelName;

/** A model's name and limit, so that a model class only says how one attempt runs. */
public abstract class AbstractExecutionModel implements ExecutionModel {

    private final ModelName name;
    private final IntSupplier limit;

    protected AbstractExecutionModel(ModelName name, IntSupplier limit) {
        this.name = name;
        this.limit = limit;
    }

    @Override
    public final ModelName name() {
        return name;
    }

    @Override
    public final int limit() {
        return limit.getAsInt();
    }
}
