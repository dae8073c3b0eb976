package io.gleitzeit.event;

/** An event about the cluster rather than one workflow: services, endpoints, parked entries. */
public sealed interface ClusterEvent extends Event
        permits ServiceRegistered, ServiceDisconnected, EndpointStatusReported, EventParked, UnknownEvent {
}
