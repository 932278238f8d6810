package dev.shortener.execution;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.shortener.config.ModelName;

/** Finds the execution model for a name, resolving {@code auto} to the current choice. */
@ApplicationScoped
public class ExecutionModels {

    private final Map<ModelName, ExecutionModel> models = new EnumMap<>(ModelName.class);
    private final AutoChoice autoChoice;

    ExecutionModels(Instance<ExecutionModel> all, AutoChoice autoChoice) {
        all.forEach(model -> models.put(model.name(), model));
        this.autoChoice = autoChoice;
    }

    /** The model that runs for {@code requested}; empty when that model is not available in this build. */
    public Optional<ExecutionModel> resolve(ModelName requested) {
        ModelName concrete = requested == ModelName.AUTO ? autoChoice.current() : requested;
        return Optional.ofNullable(models.get(concrete));
    }

    /** The concrete models this service can run, in {@link ModelName} order. */
    public Set<ModelName> available() {
        return models.keySet();
    }

    /** The concrete model {@code auto} runs on now, which the benchmarks choose. */
    public ModelName autoModel() {
        return autoChoice.current();
    }
}
