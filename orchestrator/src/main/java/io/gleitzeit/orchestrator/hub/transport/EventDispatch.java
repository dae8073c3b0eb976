package io.gleitzeit.orchestrator.hub.transport;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.DataListener;
import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.payload.JsonSize;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one typed handler for one event name, and makes sure the request is answered on every path: refused, bad
 * payload, handler failure, or no answer in time. Never throws into Netty.
 */
final class EventDispatch<T> implements DataListener<JsonNode> {
    private static final Logger log = LoggerFactory.getLogger(EventDispatch.class);

    private final HubTransport hub;
    private final String event;
    private final Class<T> payloadType;
    private final Role requiredRole;
    private final PayloadLimit limit;
    private final EventHandler<T> handler;

    EventDispatch(HubTransport hub, String event, Class<T> payloadType, Role requiredRole, PayloadLimit limit,
                  EventHandler<T> handler) {
        this.hub = hub;
        this.event = event;
        this.payloadType = payloadType;
        this.requiredRole = requiredRole;
        this.limit = limit;
        this.handler = handler;
    }

    @Override
    public void onData(SocketIOClient socket, JsonNode argument, AckRequest request) {
        ClientAck ack = new ClientAck(request, event, hub.mapper());
        try {
            dispatch(new HubClient(socket, hub), argument, ack);
        } catch (Exception | LinkageError | AssertionError e) {
            log.error("Handling {} from {} failed", event, socket.getSessionId(), e);
            ack.error(AckError.INTERNAL, "the hub failed to handle " + event);
        } finally {
            ack.armDeadline(hub.timer(), hub.options().handlerAckTimeout());
        }
    }

    private void dispatch(HubClient client, JsonNode argument, ClientAck ack) throws Exception {
        RequestBucket.Outcome admitted = hub.admit(client.socket());
        if (admitted != RequestBucket.Outcome.ALLOWED) {
            if (admitted == RequestBucket.Outcome.REFUSED_FIRST) {
                log.warn("Refusing requests from {} (session {}) from {} on: more than {} per second "
                        + "(requests_per_second)", client.remoteAddress(), client.socket().getSessionId(), event,
                        hub.options().requestsPerSecond());
            }
            ack.error(AckError.RATE_LIMITED, "more than " + hub.options().requestsPerSecond()
                    + " requests per second on this connection; slow down");
            return;
        }
        Principal principal = hub.auth().principalOf(client.socket());
        if (principal == null) {
            // The library keeps a namespace client for a connection whose handshake token was refused.
            log.warn("Refused {} from {} (session {}): unauthorized", event, client.remoteAddress(),
                    client.socket().getSessionId());
            ack.error(AckError.UNAUTHORIZED, "connect to /cluster with valid credentials first");
            return;
        }
        if (requiredRole != null && !principal.hasRole(requiredRole)) {
            log.warn("Refused {} from {} (session {}, principal {}): needs the {} role", event,
                    client.remoteAddress(), client.socket().getSessionId(), principal.name(), requiredRole.wireName());
            ack.error(AckError.FORBIDDEN, event + " needs the " + requiredRole.wireName() + " role");
            return;
        }
        if (limit == PayloadLimit.EVENT && argument != null) {
            long size = JsonSize.of(argument);
            int max = hub.options().maxEventPayloadBytes();
            if (size > max) {
                log.warn("Refused {} from {} (session {}): a payload of {} bytes, over the limit of {}", event,
                        client.remoteAddress(), client.socket().getSessionId(), size, max);
                ack.error(new AckError(AckError.PAYLOAD_TOO_LARGE, "the " + event + " payload is " + size
                        + " bytes, over the limit of " + max + " bytes per event (max_event_payload_bytes)",
                        List.of(new Problem("$", "is " + size + " bytes; at most " + max + " are accepted"))));
                return;
            }
        }
        T payload;
        try {
            payload = hub.binder().bind(argument, payloadType);
        } catch (PayloadBinder.InvalidPayloadException e) {
            ack.error(AckError.badRequest("the " + event + " payload is invalid", e.problems()));
            return;
        }
        handler.handle(client, payload, ack);
    }
}
