using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Ledger.Telemetry;

namespace Portal.Benchmarks;

/// <summary>
/// The portal's telemetry, on, for an in-process bench: its meter and spans, EF Core's statements and the runtime's
/// metrics, exported with OTLP (traces batched, metrics every 5 s) to a local <see cref="OtlpSink"/>, as a portal
/// with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set exports them.
/// </summary>
internal sealed class BenchTelemetry : IAsyncDisposable
{
    private readonly OtlpSink _sink;
    private readonly TracerProvider _traces;
    private readonly MeterProvider _metrics;

    private BenchTelemetry(OtlpSink sink, TracerProvider traces, MeterProvider metrics)
    {
        _sink = sink;
        _traces = traces;
        _metrics = metrics;
    }

    /// <param name="efCore">EF Core's statements among the spans (as the portal traces them); off to see what they cost.</param>
    /// <param name="traces">Traces too, or metrics only (as a portal without <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</param>
    /// <param name="sampleRatio">The share of traces kept (<c>OTEL_TRACES_SAMPLER=parentbased_traceidratio</c>); 1 keeps all.</param>
    public static BenchTelemetry Start(int port, bool efCore = true, bool traces = true, double sampleRatio = 1)
    {
        var sink = new OtlpSink(port);
        var resource = ResourceBuilder.CreateDefault().AddService("portal-bench");
        void Otlp(OtlpExporterOptions o, string signal)
        {
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = new Uri(sink.Endpoint, signal);
        }
        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(sampleRatio)));
        if (traces)
        {
            tracing.AddSource(PortalTelemetry.Name);
        }
        if (traces && efCore)
        {
            tracing.AddEntityFrameworkCoreInstrumentation();
        }
        var tracer = tracing.AddOtlpExporter(o => Otlp(o, "v1/traces")).Build();
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(PortalTelemetry.Name)
            .AddRuntimeInstrumentation()
            .AddOtlpExporter((o, reader) =>
            {
                Otlp(o, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5_000;
            })
            .Build();
        return new BenchTelemetry(sink, tracer, metrics);
    }

    public string Summary => $"OTLP sink received {_sink.Requests:N0} exports, {_sink.Bytes:N0} bytes";

    public async ValueTask DisposeAsync()
    {
        _traces.ForceFlush();
        _metrics.ForceFlush();
        _traces.Dispose();
        _metrics.Dispose();
        await _sink.DisposeAsync();
    }
}
