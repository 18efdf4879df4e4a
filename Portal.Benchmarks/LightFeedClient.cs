using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Portal.Benchmarks;

/// <summary>
/// A feed client that costs the bench as little as possible: the SignalR JSON protocol over one WebSocket with no
/// negotiation (as the portal's own page script speaks it), reading only each block's height and commit time and
/// skipping the rest without allocating. Thousands of them share the server's cores in the feed bench, and every
/// cycle they spend is one the server does not get, so the full .NET client (a pipeline, a serializer and timers per
/// connection) measured the bench as much as the portal.
/// </summary>
internal sealed class LightFeedClient : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket = new();
    private readonly Action<long, DateTimeOffset> _onBlock;
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    private LightFeedClient(Action<long, DateTimeOffset> onBlock) => _onBlock = onBlock;

    /// <summary>Connected, handshaken and subscribed after <paramref name="afterHeight"/>.</summary>
    public static async Task<LightFeedClient> ConnectAsync(Uri portal, long afterHeight, Action<long, DateTimeOffset> onBlock)
    {
        var client = new LightFeedClient(onBlock);
        var url = new UriBuilder(new Uri(portal, "/hubs/ledger")) { Scheme = portal.Scheme == "https" ? "wss" : "ws" }.Uri;
        await client._socket.ConnectAsync(url, CancellationToken.None);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e");
        await client.SendAsync(string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[{{\"afterHeight\":{afterHeight}}}]}}\u001e"));
        client._receiving = client.ReceiveAsync();
        // The server drops a client it has not heard from for 30 s.
        client._pinging = client.PingAsync();
        return client;
    }

    private Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _stop.Token);

    private async Task PingAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await _socket.SendAsync(Ping, WebSocketMessageType.Text, true, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed.
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                buffer.Advance(result.Count);
                var consumed = Frames(buffer.WrittenSpan);
                if (consumed > 0)
                {
                    var rest = buffer.WrittenSpan[consumed..].ToArray();
                    buffer.Clear();
                    buffer.Write(rest);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed.
        }
    }

    /// <summary>Handles the complete frames at the start of <paramref name="data"/>; how many bytes they took.</summary>
    private int Frames(ReadOnlySpan<byte> data)
    {
        var consumed = 0;
        int end;
        while ((end = data[consumed..].IndexOf(Separator)) >= 0)
        {
            Frame(data.Slice(consumed, end));
            consumed += end + 1;
        }
        return consumed;
    }

    /// <summary>A BlockAppended invocation's first argument's height and timestamp; any other message is skipped.</summary>
    private void Frame(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        var isBlock = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                isBlock = reader.ValueTextEquals("BlockAppended"u8);
            }
            else if (isBlock && reader.ValueTextEquals("arguments"u8))
            {
                reader.Read(); // [
                reader.Read(); // { the block
                ReadBlock(ref reader);
                return;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadBlock(ref Utf8JsonReader reader)
    {
        long? height = null;
        DateTimeOffset? timestamp = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (height is null || timestamp is null))
        {
            if (reader.ValueTextEquals("height"u8))
            {
                reader.Read();
                height = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                timestamp = reader.GetDateTimeOffset();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (height is { } h && timestamp is { } t)
        {
            _onBlock(h, t);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The server went first.
        }
        await Task.WhenAll(_receiving, _pinging);
        _socket.Dispose();
        _stop.Dispose();
    }
}
