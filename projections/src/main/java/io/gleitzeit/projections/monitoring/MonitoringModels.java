package io.gleitzeit.projections.monitoring;

import io.gleitzeit.projections.ReadModel;
import io.gleitzeit.projections.load.LoadModel;
import io.gleitzeit.projections.registry.ServiceRegistryModel;
import io.gleitzeit.projections.workflows.WorkflowSummaryModel;
import java.util.List;

/** The read models a {@link MonitoringSnapshot} reads: run these in a projector. */
public final class MonitoringModels {
    private MonitoringModels() {
    }

    /** The service registry, the load model and the workflow summaries, with their defaults. */
    public static List<ReadModel> all() {
        return List.of(new ServiceRegistryModel(), new LoadModel(), new WorkflowSummaryModel());
    }
}
