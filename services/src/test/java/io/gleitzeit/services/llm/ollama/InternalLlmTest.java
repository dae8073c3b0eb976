package io.gleitzeit.services.llm.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalLlmTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FakeOllama one;
    private FakeOllama two;

    @BeforeEach
    void start() throws Exception {
        one = new FakeOllama("one");
        two = new FakeOllama("two");
    }

    @AfterEach
    void stop() {
        one.close();
        two.close();
    }

    private void write(Path file, String json, int secondsLater) throws Exception {
        Files.writeString(file, json);
        // file systems with coarse timestamps must still see a change
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    @Test
    void theEndpointsFileIsAppliedWhenItChanges() throws Exception {
        Path file = dir.resolve("endpoints.json");
        write(file, "{\"endpoints\": [{\"name\": \"one\", \"url\": \"" + one.url() + "\"}]}", 0);
        AtomicInteger changes = new AtomicInteger();
        try (InternalLlm llm = InternalLlm.start(InternalLlmOptions.newBuilder().endpointsFile(file)
                .healthInterval(Duration.ofMillis(100)).build(), JSON)) {
            llm.onChange(changes::incrementAndGet);
            assertThat(llm.declarations()).extracting(d -> d.endpointId()).containsExactly("one");
            assertThat(llm.declarations().get(0).models()).containsExactly("llama3:latest", "llava:latest");

            write(file, "{\"endpoints\": [{\"name\": \"two\", \"url\": \"" + two.url() + "\", \"gpu\": \"A100\","
                    + " \"max_concurrent\": 4, \"models\": [\"llama3\"], \"tags\": [\"big\"]}]}", 5);

            await().atMost(Duration.ofSeconds(20)).until(() -> llm.declarations().stream()
                    .map(d -> d.endpointId()).toList().equals(List.of("two")));
            assertThat(changes.get()).isPositive();
            assertThat(llm.declarations().get(0).maxConcurrent()).isEqualTo(4);
            assertThat(llm.declarations().get(0).models()).containsExactly("llama3");

            // a broken edit keeps what runs
            write(file, "{\"endpoints\": [{\"name\": ", 10);
            Thread.sleep(400);
            assertThat(llm.declarations()).extracting(d -> d.endpointId()).containsExactly("two");
        }
    }

    @Test
    void aWrongFileAtStartIsAnErrorNamingThePath() throws Exception {
        Path file = dir.resolve("endpoints.json");
        write(file, "{\"endpoints\": [{\"url\": \"http://x:1\"}]}", 0);

        assertThatThrownBy(() -> InternalLlm.start(InternalLlmOptions.newBuilder().endpointsFile(file).build(), JSON))
                .hasMessageContaining("$.endpoints[0].name is required");
    }

    @Test
    void theEnvironmentHoldsSpecsSeparatedBySpaces() {
        List<OllamaEndpointConfig> endpoints = EndpointSpecs.parseEnvironment(
                "gpu1=http://a:11434,max_concurrent=2  gpu2=http://b:11434,priority=1");

        assertThat(endpoints).extracting(OllamaEndpointConfig::name).containsExactly("gpu1", "gpu2");
        assertThat(endpoints.get(0).maxConcurrent()).isEqualTo(2);
        assertThat(endpoints.get(1).priority()).isEqualTo(1);
        assertThatThrownBy(() -> EndpointSpecs.parseEnvironment("gpu1=http://a:1,max_concurrent=zero"))
                .hasMessageContaining("GLEITZEIT_OLLAMA_ENDPOINTS: --endpoint gpu1 max_concurrent must be an integer");
    }

    @Test
    void priorityAndTagsAreAnnouncedAndAPriorityOutOfRangeIsAnErrorNamingIt() throws Exception {
        OllamaEndpointConfig gpu1 = EndpointSpecs.parseFlag("gpu1=http://a:11434,priority=-5,tags=fast|datacenter-b");
        try (InternalLlm llm = InternalLlm.start(InternalLlmOptions.newBuilder().endpoints(List.of(gpu1))
                .healthInterval(Duration.ofMinutes(5)).build(), JSON)) {
            assertThat(llm.declarations()).singleElement().satisfies(d -> {
                assertThat(d.priority()).isEqualTo(-5);
                assertThat(d.tags()).containsExactly("fast", "datacenter-b");
            });
        }
        assertThatThrownBy(() -> EndpointSpecs.parseFlag("gpu1=http://a:11434,priority=101"))
                .hasMessageContaining("--endpoint gpu1: priority must be within -100..100, was 101");
        Path file = dir.resolve("priority.json");
        write(file, "{\"endpoints\": [{\"name\": \"g\", \"url\": \"http://x:1\", \"priority\": -101}]}", 0);
        assertThatThrownBy(() -> EndpointSpecs.readFile(file, JSON))
                .hasMessageContaining("$.endpoints[0]: priority must be within -100..100, was -101");
    }
}
