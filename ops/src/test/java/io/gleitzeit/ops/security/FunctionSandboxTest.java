package io.gleitzeit.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowCompletedNotice;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function service runs registered functions only: names of language built-ins, reflection paths and code in
 * arguments fail the task as {@code unknown_function} (or a bad argument) and execute nothing.
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

    @Test
    void unregisteredNamesAndCodeInArgumentsExecuteNothing(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("pwned");
        String shell = "touch " + marker;
        List<String> names = List.of("eval", "exec", "__import__", "os.system", "builtins.eval", "subprocess.run",
                "java.lang.Runtime.exec", "getClass", "gcd.__globals__", "../gcd", "GCD", "gcd ", "Runtime",
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

        String id = client.submit(doc).get(60, TimeUnit.SECONDS);
        WorkflowCompletedNotice done = client.awaitResult(id).get(120, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualToIgnoringCase("failed");
        assertThat(done.completedTasks()).isZero();
        assertThat(done.errors()).hasSize(names.size() + 1);
        for (int i = 0; i < names.size(); i++) {
            assertThat(done.errors().get("t" + i)).as("task calling %s", names.get(i))
                    .containsIgnoringCase("unknown function");
        }
        assertThat(done.errors().get("registered")).doesNotContainIgnoringCase("unknown function");
        assertThat(Files.exists(marker)).as("nothing executed the shell command").isFalse();
        System.out.printf("FunctionSandboxTest: %d hostile calls refused: %s%n", names.size() + 1, done.errors());
    }
}
