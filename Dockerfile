# Multi-stage build: Maven builds the jar, a JRE runs it as a non-root user.
# The base images are build arguments defaulting to the official images; docker-compose.yml passes
# BUILD_IMAGE and RUNTIME_IMAGE through (scripts/compose-test.sh swaps in local test stand-ins where no
# image registry can be reached). The runtime image must have apt-get, useradd and a JRE 17 on PATH.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
# The package phase starts the packaged service once to list the classes it loads (pom.xml, class-data
# sharing): it reads its settings and routes as it does at run time. No InfluxDB runs here, so the list comes
# from a start and one failed cycle (profile cds-offline); a Maven build outside Docker trains on a real one.
COPY application.properties ./
COPY routes ./routes
RUN mvn -B -q package -DskipTests -Pcds-offline

FROM ${RUNTIME_IMAGE}
# curl: the health check in docker-compose.yml probes /health with it.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app correlator
WORKDIR /app
COPY --from=build /build/target/energy-correlator.jar ./
COPY --from=build /build/target/lib ./lib
# Class-data sharing: the build lists the classes a start and a cycle load (pom.xml); an archive only works
# with the JVM that made it, so this image's JRE dumps its own from that list (the service starts faster,
# in less memory: docs/benchmarks.md).
COPY --from=build /build/target/energy-correlator.classlist ./
RUN java -Xshare:dump -XX:SharedClassListFile=energy-correlator.classlist -XX:SharedArchiveFile=energy-correlator.jsa \
        -cp energy-correlator.jar > /dev/null
COPY application.properties ./
# routes/ is also mounted by docker-compose.yml, so a route can be edited without rebuilding the image.
COPY routes ./routes
USER correlator
EXPOSE 8016
# Sized for a small board: the heap starts small with a small, fixed young generation and gives memory back (the
# serial collector with tight free ratios); the C1 compiler only (a cycle a minute gains little from C2,
# which cost more CPU and native memory than the cycle itself); classes from the archive above; native
# memory capped; glibc keeps two malloc arenas instead of one per thread. scripts/bench.sh starts the
# service with exactly these settings (measured: docs/benchmarks.md).
ENV JAVA_OPTS="-Xms24m -Xmn12m -Xmx160m -Xss512k -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=energy-correlator.jsa -XX:+ExitOnOutOfMemoryError"
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar energy-correlator.jar"]
