using System.Globalization;
using System.Net;

namespace Portal.Benchmarks;

/// <summary>
/// A stand-in for an OpenTelemetry collector: accepts OTLP over HTTP (protobuf) on a local port and drops it, so that
/// a bench with telemetry on pays for what the portal pays (instruments, spans, batching, serializing, sending) and
/// not for a collector. <c>otlp-sink [--port 4318] [--seconds 0]</c> runs one for a portal under bench.
/// </summary>
internal sealed class OtlpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private long _requests;
    private long _bytes;

    public OtlpSink(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public long Bytes => Interlocked.Read(ref _bytes);

    public static async Task<int> RunAsync(Arguments args)
    {
        await using var sink = new OtlpSink(args.Int("port", 4318));
        var seconds = args.Int("seconds", 0);
        Console.WriteLine($"OTLP sink listening at {sink.Endpoint} (http/protobuf); Ctrl+C to stop");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            await Task.Delay(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopped by hand.
        }
        Console.WriteLine($"received {sink.Requests:N0} exports, {sink.Bytes:N0} bytes");
        return 0;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await context.Request.InputStream.ReadAsync(buffer)) > 0)
                {
                    Interlocked.Add(ref _bytes, read);
                }
                Interlocked.Increment(ref _requests);
                // An empty ExportServiceResponse: zero bytes of protobuf.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.ContentLength64 = 0;
                context.Response.Close();
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
