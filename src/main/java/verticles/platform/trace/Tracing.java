package verticles.platform.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;

import java.time.Duration;
import java.util.Optional;

/**
 * OpenTelemetry for one node, or nothing: tracing is off unless {@code tracing.otlp-endpoint}
 * names a collector. Spans go out over OTLP/HTTP in batches; W3C trace context is read from and
 * written to HTTP, event-bus and Kafka headers by Vert.x's tracing support. The SDK belongs to
 * the node (never the global one), so several nodes in one JVM (the tests) keep apart.
 */
public final class Tracing {

    private static final Duration EXPORT_DELAY = Duration.ofSeconds(1);

    private Tracing() {
    }

    public static Optional<OpenTelemetrySdk> fromConfig(MeridianConfig config) {
        String endpoint = config.get(Keys.TRACING_OTLP_ENDPOINT);
        if (endpoint.isBlank()) {
            return Optional.empty();
        }
        double ratio = Math.max(0, Math.min(100, config.get(Keys.TRACING_SAMPLE_PERCENT))) / 100.0;
        Resource resource = Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), config.get(Keys.TRACING_SERVICE_NAME))));
        SdkTracerProvider tracers = SdkTracerProvider.builder()
            .setResource(resource)
            // A caller's sampling decision is kept, so a trace is whole or absent, never half.
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
            .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build())
                .setScheduleDelay(EXPORT_DELAY)
                .build())
            .build();
        return Optional.of(OpenTelemetrySdk.builder()
            .setTracerProvider(tracers)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());
    }
}
