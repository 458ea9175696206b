package io.inferyx.worker.pool;

import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.job.ModelId;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link WorkerPool} bean, {@code workerPool-<model>}, per served model
 * ({@code inferyx.models.served}), so that each pool is a lifecycle bean of its own.
 */
public final class WorkerPoolRegistrar implements BeanRegistrar {

    @Override
    public void register(BeanRegistry registry, Environment env) {
        // bound here already because the number of beans depends on it; the same record (and
        // its checks) as the ModelsProperties bean
        ModelsProperties models = Binder.get(env).bindOrCreate("inferyx.models", ModelsProperties.class);
        for (ModelId model : models.ids()) {
            registry.registerBean("workerPool-" + model, WorkerPool.class,
                    spec -> spec.supplier(context -> context.bean(WorkerPoolFactory.class).create(model)));
        }
    }
}
