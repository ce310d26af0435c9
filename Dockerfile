# The production image: the shaded jar on a JRE, as a non-root user, with the heap sized from
# the container's memory limit. Build the jar first: ./mvnw package
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home meridian
WORKDIR /app
COPY target/meridian.jar /app/meridian.jar
COPY conf /app/conf
USER 10001
EXPOSE 8080 5701
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
ENTRYPOINT ["java", "-jar", "/app/meridian.jar"]
