# One image per service: docker build --build-arg SERVICE=api-service -t inferyx-api .
# Stage 1 builds the whole reactor once with Maven; stage 2 is a slim JRE with one service jar.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# poms first, so the dependency layer is cached while only sources change
COPY pom.xml .
COPY common/pom.xml common/
COPY api-service/pom.xml api-service/
COPY batcher-service/pom.xml batcher-service/
COPY worker-service/pom.xml worker-service/
COPY retry-service/pom.xml retry-service/
COPY launcher/pom.xml launcher/
COPY loadtest/pom.xml loadtest/
RUN mvn -B -q -pl common,api-service,batcher-service,worker-service,retry-service -am dependency:go-offline -DskipTests || true
COPY . .
RUN mvn -B -q -pl common,api-service,batcher-service,worker-service,retry-service -am -DskipTests package

FROM eclipse-temurin:21-jre
ARG SERVICE
RUN groupadd --system inferyx && useradd --system --gid inferyx --home /app inferyx
WORKDIR /app
COPY --from=build /src/${SERVICE}/target/${SERVICE}-*-exec.jar /app/app.jar
COPY onnx /app/onnx
USER inferyx
# every service answers health on its management port 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# the DJL tokenizer unpacks its native library under its cache dir (default ~/.djl.ai, not writable here)
ENV DJL_CACHE_DIR=/tmp/djl.ai
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
