package io.gleitzeit.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.ops.cli.GleitzeitCli;
import io.gleitzeit.ops.config.ConfigFile;
import io.gleitzeit.ops.config.ConfigValidator;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Docker does not run on the build machines, so the deployment files are kept honest here: every {@code gleitzeit}
 * command line in the Dockerfile, docker-compose.yml, the Kubernetes manifests, the systemd units and
 * ops/local-cluster.sh must name commands and options that exist in {@link GleitzeitCli#commandLine()}, and every
 * configuration file they ship must pass the configuration model's validation.
 */
class DeploymentFilesTest {
    /** The repository root: the tests run in ops/. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern JSON_ARRAY = Pattern.compile("^CMD\\s+(\\[.*])\\s*$", Pattern.MULTILINE);

    private final CommandLine model = GleitzeitCli.commandLine();

    @Test
    void theDockerfileRunsAnOrchestrator() throws IOException {
        Matcher cmd = JSON_ARRAY.matcher(read("Dockerfile"));
        assertThat(cmd.find()).as("CMD in the Dockerfile").isTrue();
        List<String> argv = new Yaml().load(cmd.group(1));
        assertThat(argv).containsExactly("orchestrator");
        assertThat(check(argv)).isEmpty();
    }

    @Test
    void composeRunsThreeReplicasServicesPrometheusAndGrafanaWithValidCommands() throws IOException {
        Map<String, Object> compose = new Yaml().load(read("docker-compose.yml"));
        Map<String, Map<String, Object>> services = cast(compose.get("services"));
        assertThat(services).containsKeys("redis", "orchestrator-1", "orchestrator-2", "orchestrator-3",
                "functions", "llm", "prometheus", "grafana");
        List<String> problems = new ArrayList<>();
        int gleitzeitProcesses = 0;
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            if ("gleitzeit:latest".equals(service.getValue().get("image"))) {
                gleitzeitProcesses++;
                List<String> argv = cast(service.getValue().get("command"));
                problems.addAll(check(argv).stream().map(p -> service.getKey() + ": " + p).toList());
            }
        }
        assertThat(gleitzeitProcesses).isEqualTo(5);
        assertThat(problems).isEmpty();
        // the files compose mounts exist
        assertThat(ROOT.resolve("ops/prometheus/prometheus-compose.yml")).isRegularFile();
        assertThat(ROOT.resolve("ops/grafana/provisioning/dashboards/gleitzeit.yml")).isRegularFile();
        assertThat(ROOT.resolve("ops/grafana/provisioning/datasources/prometheus.yml")).isRegularFile();
        assertThat(ROOT.resolve("ops/grafana/gleitzeit-dashboard.json")).isRegularFile();
        assertThat(configErrors(ConfigFile.load(ROOT.resolve("ops/gleitzeit.properties")))).isEmpty();
    }

    @Test
    void kubernetesContainersUseValidCommandsAndTheConfigMapIsValid() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        boolean readinessOnHealth = false;
        try (Stream<Path> files = Files.list(ROOT.resolve("ops/k8s"))) {
            for (Path file : files.sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    Map<String, Object> resource = cast(document);
                    kinds.add((String) resource.get("kind"));
                    if ("ConfigMap".equals(resource.get("kind"))) {
                        Map<String, String> data = cast(resource.get("data"));
                        Properties properties = new Properties();
                        properties.load(new StringReader(data.get("gleitzeit.properties")));
                        Map<String, String> entries = new java.util.TreeMap<>();
                        properties.stringPropertyNames().forEach(k -> entries.put(k, properties.getProperty(k)));
                        problems.addAll(configErrors(new ConfigFile(file, entries)));
                    }
                    if ("Deployment".equals(resource.get("kind"))) {
                        Map<String, Object> pod = cast(cast(cast(resource.get("spec"), "template"), "spec"));
                        for (Map<String, Object> container : this.<List<Map<String, Object>>>cast(
                                pod.get("containers"))) {
                            List<String> argv = cast(container.get("args"));
                            problems.addAll(check(argv).stream().map(p -> file.getFileName() + ": " + p).toList());
                            Map<String, Object> readiness = cast(container.get("readinessProbe"));
                            if (readiness != null && "/health".equals(
                                    this.<Map<String, Object>>cast(readiness.get("httpGet")).get("path"))) {
                                readinessOnHealth = true;
                            }
                        }
                    }
                }
            }
        }
        assertThat(kinds).contains("Deployment", "Service", "ConfigMap", "Secret");
        assertThat(readinessOnHealth).as("a Deployment ready on /health").isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void systemdUnitsStartValidCommands() throws IOException {
        List<String> problems = new ArrayList<>();
        int units = 0;
        try (Stream<Path> files = Files.list(ROOT.resolve("ops/systemd"))) {
            for (Path unit : files.sorted().toList()) {
                for (String line : Files.readAllLines(unit)) {
                    if (line.startsWith("ExecStart=")) {
                        units++;
                        List<String> words = List.of(line.substring("ExecStart=".length()).trim().split("\\s+"));
                        int jar = words.indexOf("/opt/gleitzeit/gleitzeit.jar");
                        assertThat(jar).as("%s runs the distribution jar", unit).isPositive();
                        problems.addAll(check(words.subList(jar + 1, words.size())).stream()
                                .map(p -> unit.getFileName() + ": " + p).toList());
                    }
                }
            }
        }
        assertThat(units).isEqualTo(3);
        assertThat(problems).isEmpty();
    }

    @Test
    void localClusterScriptStartsValidCommands() throws IOException {
        // Each launch is `start NAME "$gleitzeit" ARGS...`, possibly continued over lines ending in a backslash.
        String script = read("ops/local-cluster.sh").replace("\\\n", " ");
        List<String> problems = new ArrayList<>();
        int launches = 0;
        for (String line : script.split("\n")) {
            int at = line.indexOf("\"$gleitzeit\" ");
            if (line.trim().startsWith("start ") && at >= 0) {
                launches++;
                List<String> words = List.of(line.substring(at + "\"$gleitzeit\" ".length()).trim().split("\\s+"));
                problems.addAll(check(words));
            }
        }
        assertThat(launches).isEqualTo(3);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckNoticesAnUnknownCommandOrOption() {
        assertThat(check(List.of("orchestrator", "--no-such-flag", "1"))).singleElement().asString()
                .contains("--no-such-flag");
        assertThat(check(List.of("service", "fortune"))).singleElement().asString().contains("fortune");
    }

    /**
     * The problems of one {@code gleitzeit} argument list: subcommands are followed from the root; every
     * {@code --option} (or {@code --option=value}) must exist on the command reached, its value skipped.
     */
    private List<String> check(List<String> argv) {
        List<String> problems = new ArrayList<>();
        CommandSpec command = model.getCommandSpec();
        boolean inOptions = false;
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (word.startsWith("-")) {
                inOptions = true;
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                OptionSpec option = command.findOption(name);
                if (option == null) {
                    problems.add(String.join(" ", argv) + ": '" + command.qualifiedName() + "' has no option "
                            + name);
                } else if (!word.contains("=") && option.arity().max() > 0) {
                    i++;
                }
            } else if (!inOptions) {
                CommandLine sub = command.subcommands().get(word);
                if (sub == null) {
                    problems.add(String.join(" ", argv) + ": '" + command.qualifiedName() + "' has no subcommand "
                            + word);
                    return problems;
                }
                command = sub.getCommandSpec();
            }
        }
        if (!command.subcommands().isEmpty() && !(command.userObject() instanceof java.util.concurrent.Callable<?>)
                && !(command.userObject() instanceof Runnable)) {
            problems.add(String.join(" ", argv) + ": '" + command.qualifiedName() + "' needs a subcommand");
        }
        return problems;
    }

    private List<String> configErrors(ConfigFile file) {
        return new ConfigValidator(model).errors(file);
    }

    private static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative));
    }

    @SuppressWarnings("unchecked")
    private <T> T cast(Object value) {
        return (T) value;
    }

    private Map<String, Object> cast(Object map, String key) {
        Map<String, Object> m = cast(map);
        return cast(m.get(key));
    }
}
