using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Portal.Ledger.Telemetry;

/// <summary>
/// The portal's own traces and metrics, under one name that a host subscribes to (OpenTelemetry's <c>AddSource</c>
/// and <c>AddMeter</c>). Static, as EF Core's and Npgsql's are: the writer and the commands exist once per process,
/// and an instrument nobody listens to costs one branch. Names follow OpenTelemetry's conventions; the Prometheus
/// exporter turns <c>portal.ledger.blocks</c> into <c>portal_ledger_blocks_total</c> and a histogram in seconds
/// into <c>..._seconds</c>.
/// </summary>
public static class PortalTelemetry
{
    public const string Name = "Portal";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>From a command reaching the writer to its block being durable: milliseconds under load, seconds when stuck.</summary>
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly int[] BlockSizeBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];

    public static readonly Counter<long> Blocks = Meter.CreateCounter<long>(
        "portal.ledger.blocks", "{block}", "Blocks this instance committed to the ledger.");

    public static readonly Counter<long> Entries = Meter.CreateCounter<long>(
        "portal.ledger.entries", "{entry}", "Entries this instance appended to the ledger.");

    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram(
        "portal.ledger.append.duration", "s", "Time from a command reaching the writer to its block being committed.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly Histogram<int> BlockEntries = Meter.CreateHistogram(
        "portal.ledger.block.entries", "{entry}", "Entries per committed block (the group commit's batch size).",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BlockSizeBuckets });

    public static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "portal.commands", "{command}", "Commands by name and outcome (accepted, refused, failed, cancelled).");

    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "portal.refusals", "{refusal}", "Refused commands by the refusal's stable code.");

    public static readonly Histogram<double> FeedSendDuration = Meter.CreateHistogram(
        "portal.feed.send.duration", "s", "Time for every live-feed connection of this instance to take one block.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly UpDownCounter<long> FeedConnections = Meter.CreateUpDownCounter<long>(
        "portal.feed.connections", "{connection}", "Live-feed connections open on this instance.");

    public static readonly Counter<long> FeedDisconnects = Meter.CreateCounter<long>(
        "portal.feed.disconnects", "{connection}", "Live-feed connections closed, by reason (closed, error, slow, shutdown).");

    public static double SecondsSince(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
