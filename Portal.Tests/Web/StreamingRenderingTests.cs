using System.Text;
using Npgsql;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// The explorer streams: its heading, filters and a loading bar reach the reader while the records' query waits,
/// and the records follow in the same response. PostgreSQL answers asynchronously, so a lock held on the records'
/// table makes the wait certain instead of a matter of timing.
/// </summary>
public sealed class StreamingRenderingTests
{
    [Fact]
    public async Task The_explorer_sends_its_frame_first_and_the_records_when_the_query_returns()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        using var directory = new TempDirectory();
        var environment = PortalServer.EnvironmentFor(database.Options, directory.Path, seedDemo: true);
        environment["Demo__Requests"] = "40";
        await using var server = await PortalServer.StartAsync(environment);

        await using var connection = new NpgsqlConnection(database.Options.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE \"Disbursements\" IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/disbursements");
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new StringBuilder();
        var buffer = new byte[16 * 1024];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[buffer.Length];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The frame arrives while the lock holds the records back.
        while (!received.ToString().Contains("data-testid=\"records-loading\"", StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"the response ended before its frame was sent:\n{received}");
            var decoded = decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
            received.Append(chars, 0, decoded);
        }
        var frame = received.ToString();
        Assert.Contains("Loading the records", frame, StringComparison.Ordinal);
        Assert.Contains("name=\"region\"", frame, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"record-count\"", frame, StringComparison.Ordinal);

        await transaction.CommitAsync();
        received.Append(await new StreamReader(body, Encoding.UTF8).ReadToEndAsync(timeout.Token));
        var rest = received.ToString()[frame.Length..];
        var update = rest.IndexOf("<blazor-ssr>", StringComparison.Ordinal);
        Assert.True(update >= 0, $"no streamed update followed the frame:\n{rest}");
        Assert.Contains("data-testid=\"record-count\"", rest[update..], StringComparison.Ordinal);
        Assert.Contains("data-testid=\"record-link\"", rest[update..], StringComparison.Ordinal);
    }
}
