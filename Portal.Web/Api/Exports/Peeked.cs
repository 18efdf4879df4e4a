namespace Portal.Web.Api.Exports;

/// <summary>
/// A stream whose first item has been read already, to learn whether it is empty before answering. The source (an
/// open query) is released when the stream is read to its end or given up, or when this is disposed without having
/// been read, so an answer that fails between the peek and the file holds no connection.
/// </summary>
public sealed class Peeked<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    private IAsyncEnumerator<T>? _source;

    internal Peeked(IAsyncEnumerator<T> source) => _source = source;

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var source = Interlocked.Exchange(ref _source, null) ?? throw new InvalidOperationException("A peeked stream is read once.");
        await using (source)
        {
            do
            {
                yield return source.Current;
            }
            while (await source.MoveNextAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _source, null) is { } unread)
        {
            await unread.DisposeAsync();
        }
    }
}

public static class Peeked
{
    /// <summary>The stream with its first item read, or null (the source disposed) when it has none.</summary>
    public static async Task<Peeked<T>?> OpenAsync<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        try
        {
            if (await enumerator.MoveNextAsync())
            {
                return new Peeked<T>(enumerator);
            }
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
        await enumerator.DisposeAsync();
        return null;
    }
}
