# Gleitzeit: one image for every process (orchestrator replicas, services, the CLI tools).
#   docker build -t gleitzeit .
#   docker run --rm gleitzeit --help
# The entry point is the gleitzeit command; the default command runs an orchestrator replica. Configuration comes
# from a .properties file (GLEITZEIT_CONFIG), environment variables and flags (docs/operations.md "Configuration").
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package -pl ops -am

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/gleitzeit --create-home gleitzeit
COPY --from=build /src/ops/target/gleitzeit.jar /opt/gleitzeit/gleitzeit.jar
USER gleitzeit
WORKDIR /var/lib/gleitzeit
# 8000: the hub (Socket.IO, namespace /cluster); 8001: /metrics, /health and the dashboard.
EXPOSE 8000 8001
# SIGTERM stops a replica gracefully within --shutdown-timeout; give the container runtime longer than that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/gleitzeit/gleitzeit.jar"]
CMD ["orchestrator"]
