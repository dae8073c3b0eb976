package io.gleitzeit.testing.redis;

import io.lettuce.core.RedisURI;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code redis:7.0} container. Kept in its own class so that modules reusing the test-jar without Testcontainers
 * on their classpath never load it.
 */
final class ContainerRedis implements AutoCloseable {
    private final GenericContainer<?> container;

    private ContainerRedis(GenericContainer<?> container) {
        this.container = container;
    }

    static Optional<ContainerRedis> startIfDockerAvailable() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.empty();
        }
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7.0"))
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        container.start();
        return Optional.of(new ContainerRedis(container));
    }

    RedisURI uri() {
        return RedisURI.create(container.getHost(), container.getMappedPort(6379));
    }

    @Override
    public void close() {
        container.stop();
    }
}
