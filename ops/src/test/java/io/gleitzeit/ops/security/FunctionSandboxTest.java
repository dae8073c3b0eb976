package io.gleitzeit.ops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.client.TaskSnapshot;
import io.gleitzeit.client.WorkflowSnapshot;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing in a workflow makes the function service execute code: names that are not dotted identifiers are refused
 * with the document, names of language built-ins and reflection paths are offered by no service and never dispatched
 * (the service itself answers {@code unknown_function} for them, see the services module's FunctionServiceTest),
 * and code given as arguments to a registered function is only a bad argument.
 */
@RedisTest
class FunctionSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SecureHub hub;

    @BeforeEach
    void setUp(TestRedis redis) {
        hub = new SecureHub(redis, Authenticator.allowAll(), UnaryOperator.identity());
        hub.functions(null);
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private static TaskSnapshot task(GleitzeitClient client, String id, String name) throws Exception {
        return client.status(id).get(60, TimeUnit.SECONDS).tasks().stream().filter(t -> t.name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void unregisteredNamesAndCodeInArgumentsExecuteNothing(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("pwned");
        String shell = "touch " + marker;
        List<String> names = List.of("eval", "exec", "__import__", "os.system", "builtins.eval", "subprocess.run",
                "java.lang.Runtime.exec", "getClass", "gcd.__globals__", "GCD", "Runtime",
                "ProcessBuilder", "javax.script.ScriptEngineManager", "compile", "open", "System.exit");
        GleitzeitClient client = hub.client(null);
        ObjectNode doc = JSON.createObjectNode().put("name", "hostile functions").put("error_strategy", "continue");
        ArrayNode tasks = doc.putArray("tasks");
        for (int i = 0; i < names.size(); i++) {
            ObjectNode t = tasks.addObject().put("name", "t" + i).put("type", "function")
                    .put("function", names.get(i));
            t.putArray("args").add("__import__('os').system('" + shell + "')").add(shell);
            t.put("max_retries", 0);
        }
        // A registered function given code as its arguments: a bad argument, not an execution.
        ObjectNode gcd = tasks.addObject().put("name", "registered").put("type", "function").put("function", "gcd")
                .put("max_retries", 0);
        gcd.putArray("args").add("__import__('os').system('" + shell + "')").add("${jndi:ldap://127.0.0.1/x}");
        gcd.putObject("kwargs").put("__class__", "java.lang.Runtime").put("__globals__", shell);

        // Names that are not dotted identifiers never get past the document parser.
        for (String path : List.of("../gcd", "gcd ", "gcd()", "os;rm -rf /")) {
            assertThat(client.submit("{\"name\": \"w\", \"tasks\": [{\"name\": \"A\", \"type\": \"function\", "
                    + "\"function\": " + JSON.writeValueAsString(path) + "}]}"))
                    .failsWithin(60, TimeUnit.SECONDS).withThrowableThat()
                    .withMessageContaining("must be a function name");
        }
        String id = client.submit(doc).get(60, TimeUnit.SECONDS);
        // The registered function refuses code as arguments; no service runs the unregistered names.
        await().ignoreExceptions().atMost(SecureHub.WAIT)
                .until(() -> "failed".equals(task(client, id, "registered").status()));
        TaskSnapshot registered = task(client, id, "registered");
        assertThat(registered.errorType()).isNotEqualTo("unknown_function");
        await().during(Duration.ofSeconds(2)).atMost(SecureHub.WAIT).until(() -> true);
        WorkflowSnapshot snapshot = client.status(id).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < names.size(); i++) {
            TaskSnapshot t = task(client, id, "t" + i);
            // Either routing gave it to no service, or the service refused it as unknown: never run.
            assertThat(t.serviceId() == null || "unknown_function".equals(t.errorType()))
                    .as("task calling %s: %s", names.get(i), t).isTrue();
            assertThat(t.status()).as("task calling %s", names.get(i)).isNotEqualTo("completed");
        }
        client.cancel(id, "test over").get(60, TimeUnit.SECONDS);
        assertThat(Files.exists(marker)).as("nothing executed the shell command").isFalse();
        System.out.printf("FunctionSandboxTest: %d hostile calls, none executed; registered gcd with code as "
                + "arguments failed: %s (%s); tasks: %s%n", names.size() + 1 + 4, registered.error(), snapshot.status(),
                snapshot.tasks());
    }
}
