namespace Portal.Web.Api.Exports;

/// <summary>A stream whose first item has been read already, to learn whether it is empty before answering.</summary>
public sealed class Peeked<T> : IAsyncEnumerable<T>
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
}

public static class Peeked
{
    /// <summary>The stream with its first item read, or null (the source disposed) when it has none.</summary>
    public static async Task<Peeked<T>?> OpenAsync<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        if (await enumerator.MoveNextAsync())
        {
            return new Peeked<T>(enumerator);
        }
        await enumerator.DisposeAsync();
        return null;
    }
}
