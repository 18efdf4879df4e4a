using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Extensions;
using Portal.Ledger.Chain;

namespace Portal.Web.Api.Exports;

/// <summary>
/// What a download holds, answered beside it (<c>?manifest=true</c>) for formats that have no room for it inside,
/// such as CSV: the ledger state, the address that downloads exactly this file again (pinned to that state), its
/// record count, length and SHA-256. A file read at a pinned state is the same bytes every time, so a reader checks
/// a copy they were given against the manifest, and the manifest's checkpoint against the ledger.
/// </summary>
/// <param name="Checkpoint">Where the checkpoint note whose SHA-256 is <paramref name="CheckpointSha256"/> is served.</param>
public sealed record ExportManifest(
    string Download, long TreeSize, string? CheckpointSha256, string? Checkpoint, DateTimeOffset? LedgerTime, long Records, long Bytes, string Sha256)
{
    /// <summary>Writes the file through a hash and answers what it held; the file itself goes nowhere.</summary>
    public static async Task<ExportManifest> OfAsync(HttpRequest request, LedgerState? state, Func<Stream, Task<long>> write)
    {
        await using var sink = new HashingSink();
        var records = await write(sink);
        return new ExportManifest(
            PinnedPath(request, state), state?.TreeSize ?? 0, state?.CheckpointSha256.ToHex(),
            state is null ? null : CheckpointPath(state.TreeSize), state?.Timestamp, records, sink.Length, sink.Sha256());
    }

    /// <summary>The request's own path and filters, pinned to <paramref name="state"/>: it answers the same bytes again.</summary>
    public static string PinnedPath(HttpRequest request, LedgerState? state)
    {
        var query = request.Query.Where(p => p.Key is not ("manifest" or "treeSize"))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Concat(state is null ? [] : [KeyValuePair.Create("treeSize", (string?)state.TreeSize.ToString(CultureInfo.InvariantCulture))]);
        return request.PathBase + request.Path + QueryString.Create(query);
    }

    public static string CheckpointPath(long treeSize) => string.Create(CultureInfo.InvariantCulture, $"/api/ledger/checkpoints/{treeSize}");

    /// <summary>A download's file name, which says the state it holds.</summary>
    public static string Attachment(string name, LedgerState? state, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"attachment; filename=\"{name}-{state?.TreeSize ?? 0}.{extension}\"");

    /// <summary>A write-only stream that keeps the SHA-256 and length of what passes through it.</summary>
    private sealed class HashingSink : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public string Sha256() => Convert.ToHexStringLower(_hash.GetCurrentHash());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
