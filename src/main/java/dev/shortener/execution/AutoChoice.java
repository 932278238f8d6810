package dev.shortener.execution;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ModelName;

/** The model that {@code auto} stands for right now: {@code async} until a benchmark names a faster one. */
@ApplicationScoped
public class AutoChoice {

    private final AtomicReference<ModelName> current = new AtomicReference<>(ModelName.ASYNC);

    /** The model {@code auto} runs on now. */
    public ModelName current() {
        return current.get();
    }

    /** Makes {@code auto} run on {@code model} from now on. */
    public void use(ModelName model) {
        if (model == ModelName.AUTO) {
            throw new IllegalArgumentException("auto cannot stand for itself");
        }
        current.set(model);
    }
}
