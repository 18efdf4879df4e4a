using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Portal.Benchmarks;

/// <summary>
/// A running .NET process's live managed memory, as its own runtime reports it after a full, blocking collection
/// that the bench asks for through the diagnostics port (as dotnet-gcdump does): what the process still holds, not
/// what its GC has not yet got round to freeing or handing back to the system, which is what RSS shows.
/// </summary>
internal static class ServerHeap
{
    /// <summary>
    /// Bytes on the managed heap after an induced full collection: the objects (generations 0 to 2 and the large
    /// object heap), and the pinned object heap apart, where Kestrel's pool keeps its I/O buffers: they grow to the
    /// most connections the server has held at once and stay for the next ones, so they are not what a visitor leaves.
    /// </summary>
    public static async Task<Sizes> AfterFullCollectionAsync(int pid)
    {
        var client = new DiagnosticsClient(pid);
        // GCHeapCollect induces a blocking gen-2 collection as the session starts; GC reports its heap statistics.
        var providers = new[]
        {
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational,
                (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect)),
        };
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        var source = new EventPipeEventSource(session.EventStream);
        var induced = false;
        var heap = new TaskCompletionSource<Sizes>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Clr.GCStart += e => induced = e.Reason == GCReason.Induced && e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            if (induced)
            {
                heap.TrySetResult(new Sizes(e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3, e.GenerationSize4));
            }
        };
        // The source reads until the session ends, which is once the collection has been reported.
        var processing = Task.Run(source.Process);
        if (await Task.WhenAny(heap.Task, Task.Delay(TimeSpan.FromSeconds(60))) != heap.Task)
        {
            throw new TimeoutException($"Process {pid} reported no induced collection within 60 s.");
        }
        await session.StopAsync(CancellationToken.None);
        await processing;
        return await heap.Task;
    }

    public sealed record Sizes(long Objects, long Pinned)
    {
        public static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " MB";

        public override string ToString() => $"{Megabytes(Objects)} of objects + {Megabytes(Pinned)} pinned";

        /// <summary>Kilobytes of objects and of pinned buffers per visitor, from this state to <paramref name="with"/>.</summary>
        public string PerVisitor(Sizes with, int count, string visitor) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(with.Objects - Objects) / 1024.0 / count:F1} KB of objects and {(with.Pinned - Pinned) / 1024.0 / count:F1} KB of pinned I/O buffers per {visitor}");
    }
}
