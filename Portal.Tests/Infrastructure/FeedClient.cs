using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Portal.Tests.Infrastructure;

/// <summary>A real SignalR client of the portal's live feed, over real HTTP, keeping every BlockAppended as raw JSON.</summary>
public sealed class FeedClient : IAsyncDisposable
{
    private readonly Channel<JsonElement> _blocks = Channel.CreateUnbounded<JsonElement>();

    private FeedClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("BlockAppended", block => _blocks.Writer.TryWrite(block));
    }

    public HubConnection Connection { get; }

    /// <param name="forwardedFor">A client address, as a trusted proxy in front of the portal would pass it.</param>
    public static async Task<FeedClient> ConnectAsync(PortalServer server, CookieContainer? cookies = null, string? forwardedFor = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/ledger"), o =>
            {
                if (cookies is not null)
                {
                    o.Cookies = cookies;
                }
                if (forwardedFor is not null)
                {
                    o.Headers["X-Forwarded-For"] = forwardedFor;
                }
            })
            .Build();
        var client = new FeedClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>Subscribes and returns the replayed blocks.</summary>
    public Task<JsonElement[]> SubscribeAsync(long? afterHeight = null, long[]? funds = null, string[]? regions = null) =>
        Connection.InvokeAsync<JsonElement[]>("Subscribe", new { afterHeight, funds, regions });

    /// <summary>The next live block, or a timeout.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _blocks.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Live blocks until one at <paramref name="height"/> or above has arrived.</summary>
    public async Task<List<JsonElement>> UntilHeightAsync(long height)
    {
        var blocks = new List<JsonElement>();
        while (blocks.Count == 0 || blocks[^1].GetProperty("height").GetInt64() < height)
        {
            blocks.Add(await NextAsync());
        }
        return blocks;
    }

    /// <summary>Whatever live blocks have arrived so far, without waiting.</summary>
    public List<JsonElement> Drain()
    {
        var blocks = new List<JsonElement>();
        while (_blocks.Reader.TryRead(out var block))
        {
            blocks.Add(block);
        }
        return blocks;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
