package io.gleitzeit.orchestrator.node;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.DispatchReadyTasks;
import io.gleitzeit.log.CommandSender;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes workflows whose ready tasks found no service with capacity (the partitions' {@code waiting} sets) when
 * capacity appears: after a routing refresh shows more free slots on the services this hub holds than the refresh
 * before (a service registered, or finished work), it sends {@link DispatchReadyTasks} to as many waiting workflows
 * as there are free slots, oldest first; while slots stay free and workflows wait, it repeats every wake interval
 * (a task no service offers stays waiting without a busy loop). Each hub wakes for its own services' slots only, so
 * hubs do not multiply the commands.
 */
final class WaitingWorkflows {
    private static final Logger LOG = LoggerFactory.getLogger(WaitingWorkflows.class);

    private final String hubId;
    private final KeyLayout keys;
    private final RedisClusterCommands<String, String> redis;
    private final CommandSender commands;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong wakes = new AtomicLong();
    private int lastFree;
    private Instant lastWake = Instant.EPOCH;

    WaitingWorkflows(String hubId, KeyLayout keys, RedisLink connection,
                     CommandSender commands, Duration interval, Clock clock) {
        this.hubId = Objects.requireNonNull(hubId, "hubId");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.redis = Objects.requireNonNull(connection, "connection").sync();
        this.commands = Objects.requireNonNull(commands, "commands");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Called with every refreshed snapshot, on the refresh thread. */
    void refreshed(RoutingSnapshot snapshot) {
        int free = 0;
        for (ServiceCandidate c : snapshot.candidates()) {
            if (hubId.equals(c.hubId()) && c.healthy()) {
                free += Math.max(0, c.maxConcurrent() - c.inFlight());
            }
        }
        Instant now = clock.instant();
        boolean more = free > lastFree;
        lastFree = free;
        if (free == 0 || (!more && now.isBefore(lastWake.plus(interval)))) {
            return;
        }
        lastWake = now;
        wake(free, now);
    }

    private void wake(int slots, Instant now) {
        long round = wakes.incrementAndGet();
        for (int p = 0; p < keys.partitions().count(); p++) {
            List<String> waiting = redis.zrange(keys.waiting(p), 0, slots - 1);
            for (String workflowId : waiting) {
                LOG.debug("waking workflow {} for {} free slots", workflowId, slots);
                commands.send(new CommandEnvelope("wake:" + hubId + ":" + round + ":" + workflowId, workflowId, now,
                        hubId, null, new DispatchReadyTasks(slots + " free slots on hub " + hubId)));
            }
        }
    }
}
