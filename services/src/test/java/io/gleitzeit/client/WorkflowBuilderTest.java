package io.gleitzeit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowBuilderTest {

    @Test
    void buildsTheDocumentOfPROTOCOL() throws Exception {
        WorkflowDocument doc = WorkflowBuilder.named("Report").workflowId("wf-1")
                .errorStrategy(WorkflowBuilder.ErrorStrategy.CONTINUE).timeout(Duration.ofMinutes(5))
                .metadata("owner", "ops")
                .functionTask("Numbers", "random_data", t -> t.kwarg("count", 3))
                .pythonTask("Stats", "analyze_numbers", t -> t.arg("{{Numbers.result}}").dependsOn("Numbers")
                        .retry(3, "exponential", Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .textTask("Summary", "Summarise {{Stats.result}}", t -> t.model("llama3").provider("internal")
                        .dependsOn("Stats").timeout(Duration.ofSeconds(120)).priority("high"))
                .visionTask("Look", "What is this?", "https://example.org/a.png", t -> t.model("llava"))
                .task("Fetch", "http", t -> t.field("url", "https://example.org").field("method", "GET"))
                .build();

        assertThat(new ObjectMapper().readTree(doc.toString())).isEqualTo(new ObjectMapper().readTree("""
                {"workflow_id": "wf-1", "name": "Report", "error_strategy": "continue", "timeout_seconds": 300,
                 "metadata": {"owner": "ops"},
                 "tasks": [
                  {"name": "Numbers", "type": "function", "function": "random_data", "kwargs": {"count": 3}},
                  {"name": "Stats", "type": "python", "function": "analyze_numbers",
                   "retry": {"max_attempts": 3, "backoff": "exponential", "base_delay_ms": 1000,
                             "max_delay_ms": 30000},
                   "args": ["{{Numbers.result}}"], "dependencies": ["Numbers"]},
                  {"name": "Summary", "type": "text", "prompt": "Summarise {{Stats.result}}", "model": "llama3",
                   "provider": "internal", "timeout_seconds": 120, "priority": "high", "dependencies": ["Stats"]},
                  {"name": "Look", "type": "vision", "prompt": "What is this?", "image": "https://example.org/a.png",
                   "model": "llava"},
                  {"name": "Fetch", "type": "http", "url": "https://example.org", "method": "GET"}
                 ]}"""));
        assertThat(doc.taskNames()).containsExactly("Numbers", "Stats", "Summary", "Look", "Fetch");
        assertThat(doc.workflowId()).contains("wf-1");
    }

    @Test
    void everyProblemIsNamedByJsonPathAtOnce() {
        assertThatThrownBy(() -> WorkflowBuilder.named(" ")
                .functionTask("A", "gcd", null)
                .functionTask("A", "lcm", t -> t.dependsOn("B"))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.name: is required")
                .hasMessageContaining("$.tasks[1].name: 'A' is used by an earlier task")
                .hasMessageContaining("$.tasks[1].dependencies[0]: no task is named 'B'");
    }

    @Test
    void aWorkflowWithoutTasksIsRefused() {
        assertThatThrownBy(() -> WorkflowBuilder.named("empty").build())
                .hasMessageContaining("$.tasks: needs at least one task");
    }

    @Test
    void theDocumentIsACopyTheCallerCannotChange() {
        WorkflowDocument doc = WorkflowBuilder.named("x").functionTask("A", "gcd", t -> t.arg(4).arg(6)).build();
        doc.toJson().put("name", "changed");
        assertThat(doc.name()).isEqualTo("x");
        assertThat(doc.workflowId()).isEmpty();
        assertThat(List.of(doc.toString())).allMatch(s -> s.contains("\"args\":[4,6]"));
    }
}
