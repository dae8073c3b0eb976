package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.projections.registry.ServiceRecord;
import io.gleitzeit.projections.registry.ServiceRegistryView;
import io.gleitzeit.projections.registry.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service that moves between hubs: the hub it left may append its disconnect after the hub it moved to appended the
 * new registration. The registry ends a registration only by a disconnect of the same connection.
 */
class RegistrySessionsTest extends ProjectionTestSupport {

    @Test
    void aLateDisconnectOfTheEarlierConnectionLeavesTheNewRegistrationConnected() {
        Projector projector = startProjector("p1");
        history.cluster(registered("hub-a", "socket-1"))
                .cluster(registered("hub-b", "socket-2"))
                .cluster(new ServiceDisconnected("svc", "hub hub-a is gone", "socket-1"));
        awaitCaughtUp(projector);

        ServiceRecord svc = service();
        assertThat(svc.status()).isEqualTo(ServiceStatus.CONNECTED);
        assertThat(svc.hubId()).isEqualTo("hub-b");
        assertThat(svc.session()).isEqualTo("socket-2");

        history.cluster(new ServiceDisconnected("svc", "socket closed", "socket-2"));
        awaitCaughtUp(projector);

        assertThat(service().status()).isEqualTo(ServiceStatus.DISCONNECTED);
        assertThat(service().disconnectReason()).isEqualTo("socket closed");
    }

    @Test
    void aDisconnectWithoutARecordedConnectionEndsAnyRegistrationAsBefore() {
        Projector projector = startProjector("p1");
        history.cluster(registered("hub-a", "socket-1"))
                .cluster(new ServiceDisconnected("svc", "missed heartbeats"));
        awaitCaughtUp(projector);

        assertThat(service().status()).isEqualTo(ServiceStatus.DISCONNECTED);
    }

    private ServiceRecord service() {
        return new ServiceRegistryView(reads, layout).service("svc").toCompletableFuture().join().orElseThrow();
    }

    private static ServiceRegistered registered(String hubId, String session) {
        return new ServiceRegistered("svc", "functions", "function", hubId, List.of("python_execution"), 4,
                List.of("add"), List.of(), List.of(), List.of(), "1.0", session);
    }
}
