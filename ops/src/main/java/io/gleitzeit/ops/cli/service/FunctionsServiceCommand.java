package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.functions.FunctionDescriptor;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gleitzeit service functions}: the Java function service with the built-in catalogue and user classes. */
@Command(name = "functions", mixinStandardHelpOptions = true,
        description = {"Run the Java function service: the built-in catalogue (docs/functions.md)",
            "plus the @GleitzeitTask methods of your classes (--jar with --class). It runs",
            "tasks of type 'python' and 'function'.",
            "",
            "Example: gleitzeit service functions --jar my.jar --class com.acme.MyFunctions"})
public final class FunctionsServiceCommand implements Callable<Integer> {
    static final String DEFAULT_NAME = "functions";

    @Mixin
    ServiceConnection connection;

    @Option(names = "--jar", paramLabel = "PATH", description = "A jar (or classes directory) holding your "
            + "function classes; repeatable.")
    List<Path> jars = new ArrayList<>();

    @Option(names = "--class", paramLabel = "NAME", description = "A class with public @GleitzeitTask methods "
            + "(static, or instance ones with a public no-argument constructor); repeatable.")
    List<String> classes = new ArrayList<>();

    @Option(names = "--no-builtins", description = "Serve only the --class functions, not the built-in catalogue.")
    boolean noBuiltins;

    @Option(names = "--list", description = "Print the functions this service would serve and exit.")
    boolean list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FunctionRegistry registry = registry();
        if (list) {
            for (FunctionDescriptor function : registry.functions()) {
                out.println(function.name());
            }
            out.flush();
            return 0;
        }
        FunctionService service = FunctionService.of(registry);
        GleitzeitServiceClient client = service.newClient(
                connection.toOptions(DEFAULT_NAME, Runtime.getRuntime().availableProcessors()));
        out.printf("serving %d functions%n", registry.functions().size());
        return ServiceRun.untilStopped(client, out);
    }

    /** The built-ins (unless --no-builtins) and every --class, loaded from the --jar paths. */
    FunctionRegistry registry() throws ClassNotFoundException {
        if (!classes.isEmpty() && jars.isEmpty()) {
            throw new IllegalArgumentException("--class needs the --jar that holds it");
        }
        if (!jars.isEmpty() && classes.isEmpty()) {
            throw new IllegalArgumentException("--jar needs at least one --class naming the function classes in it");
        }
        if (noBuiltins && classes.isEmpty()) {
            throw new IllegalArgumentException("--no-builtins leaves nothing to serve: add --jar and --class");
        }
        FunctionRegistry.Builder builder = FunctionRegistry.newBuilder();
        if (!noBuiltins) {
            builder.add(BuiltinFunctions.all());
        }
        if (!classes.isEmpty()) {
            ClassLoader loader = new URLClassLoader("gleitzeit-user-functions", urls(),
                    FunctionsServiceCommand.class.getClassLoader());
            for (String name : classes) {
                try {
                    builder.add(Class.forName(name, true, loader));
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("--class: " + name + " is not in " + jars, e);
                }
            }
        }
        return builder.build();
    }

    private URL[] urls() {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.exists(jar)) {
                throw new IllegalArgumentException("--jar: " + jar + " does not exist");
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--jar: " + jar + " is not a usable path", e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
