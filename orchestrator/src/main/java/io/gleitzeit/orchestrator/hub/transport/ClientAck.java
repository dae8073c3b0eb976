package io.gleitzeit.orchestrator.hub.transport;

import com.corundumstudio.socketio.AckRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Ack} of one request: answers once, and answers {@code timeout} itself when armed and left waiting. */
final class ClientAck implements Ack {
    private static final Logger log = LoggerFactory.getLogger(ClientAck.class);

    private final AckRequest request;
    private final String event;
    private final ObjectMapper mapper;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile Timeout deadline;

    ClientAck(AckRequest request, String event, ObjectMapper mapper) {
        this.request = request;
        this.event = event;
        this.mapper = mapper;
    }

    @Override
    public boolean requested() {
        return request.isAckRequested();
    }

    @Override
    public boolean answered() {
        return answered.get();
    }

    @Override
    public boolean ok() {
        return send(okNode());
    }

    @Override
    public boolean ok(Object body) {
        ObjectNode answer = okNode();
        if (body != null) {
            JsonNode fields = mapper.valueToTree(body);
            if (!fields.isObject()) {
                throw new IllegalArgumentException("an ok answer to " + event + " must be a JSON object, was "
                        + fields.getNodeType());
            }
            answer.setAll((ObjectNode) fields);
            answer.put("ok", true);
        }
        return send(answer);
    }

    @Override
    public boolean error(AckError error) {
        ObjectNode answer = mapper.createObjectNode();
        answer.put("ok", false);
        answer.set("error", mapper.valueToTree(error));
        return send(answer);
    }

    @Override
    public void completeWith(CompletionStage<?> result) {
        result.whenComplete((value, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                log.error("Handling {} failed", event, cause);
                error(AckError.INTERNAL, "the hub failed to handle " + event);
                return;
            }
            try {
                if (value == null) {
                    ok();
                } else {
                    ok(value);
                }
            } catch (RuntimeException e) {
                log.error("Answering {} failed", event, e);
                error(AckError.INTERNAL, "the hub failed to answer " + event);
            }
        });
    }

    /** Answers {@code timeout} unless answered within {@code limit}. Only for requests that asked for an answer. */
    void armDeadline(Timer timer, Duration limit) {
        if (!requested() || answered()) {
            return;
        }
        deadline = timer.newTimeout(t -> {
            if (error(AckError.TIMEOUT, "the hub did not answer " + event + " within " + limit.toMillis() + " ms")) {
                log.warn("Answered {} with timeout: its handler did not answer within {}", event, limit);
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        if (answered()) {
            deadline.cancel();
        }
    }

    private ObjectNode okNode() {
        ObjectNode answer = mapper.createObjectNode();
        answer.put("ok", true);
        return answer;
    }

    private boolean send(ObjectNode answer) {
        if (!answered.compareAndSet(false, true)) {
            log.debug("Ignored a second answer to {}", event);
            return false;
        }
        Timeout pending = deadline;
        if (pending != null) {
            pending.cancel();
        }
        request.sendAckData(answer);
        return true;
    }
}
