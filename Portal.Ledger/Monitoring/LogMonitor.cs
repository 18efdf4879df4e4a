using System.Diagnostics;
using System.Globalization;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Tiles;
using Portal.Ledger.Funds;
using Portal.Ledger.Witnessing;

namespace Portal.Ledger.Monitoring;

/// <param name="Portal">The portal's public URL; the log is read under its <c>/api/ledger/</c>.</param>
/// <param name="LogKey">The log's Ed25519 verifier key, obtained from the operator out of band.</param>
/// <param name="Policy">The witness policy the monitor holds the log to; null to check no cosignatures.</param>
public sealed record MonitorOptions(Uri Portal, string LogKey, WitnessPolicy? Policy, string StateDirectory)
{
    /// <summary>How many disbursement records of the entries read are compared with their published records.</summary>
    public int Sample { get; init; } = 32;

    /// <summary>Tiles fetched at once.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>How long to wait for the newest checkpoint to gather its witness quorum (blocks come faster than cosignatures).</summary>
    public TimeSpan QuorumWait { get; init; } = TimeSpan.FromSeconds(30);
}

public sealed record MonitorResult(bool Ok, string Message, string? EvidencePath = null);

/// <summary>
/// Audits a portal's ledger from outside, through the checkpoint and tiles only: the log's signature and the witness
/// quorum, consistency with the last checkpoint it verified, every tile and entry against the tree, and every fund's
/// totals and a sample of disbursement records recomputed from the fund events. It stops at the first discrepancy
/// and saves the evidence; when everything holds it saves its state, and the next run reads only what is new.
/// </summary>
public sealed class LogMonitor(MonitorOptions options, LogClient log, TextWriter output, TimeProvider clock)
{
    private readonly MonitorOptions _options = options;
    private readonly LogClient _log = log;
    private readonly TextWriter _output = output;
    private readonly TimeProvider _clock = clock;
    private readonly Dictionary<long, IReadOnlyList<byte[]>> _rereadBundles = [];
    private MonitorState _state = null!;
    private string? _served;
    private long _fetchedBytes;
    private int _fetchedTiles;

    public async Task<MonitorResult> RunAsync(CancellationToken cancellationToken = default)
    {
        _state = MonitorState.LoadOrCreate(_options.StateDirectory, _options.LogKey);
        var previous = _state.Checkpoint is { } saved ? Checkpoint.Parse(SignedNote.Parse(saved).Text) : null;
        try
        {
            return await AuditAsync(previous, cancellationToken);
        }
        catch (DiscrepancyException discrepancy)
        {
            return new MonitorResult(false, discrepancy.Message, SaveEvidence(discrepancy.Message));
        }
    }

    private async Task<MonitorResult> AuditAsync(Checkpoint? previous, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var head = await FetchHeadAsync(cancellationToken);
        var checkpoint = head.Checkpoint;
        var signed = IsSignedByLog(head.Note);
        await _output.WriteLineAsync($"Checkpoint {checkpoint.Origin} size {checkpoint.TreeSize:N0}: {(signed ? "signed by the log's key" : "signed by a key to be found among the log's rotations")}; {WitnessText(head.Witnesses)}.");

        if (previous is not null)
        {
            if (checkpoint.TreeSize < previous.TreeSize)
            {
                throw Fork(previous, $"the log now serves checkpoint {checkpoint.TreeSize:N0}, smaller than checkpoint {previous.TreeSize:N0} it signed before (rolled back)");
            }
            if (checkpoint.TreeSize == previous.TreeSize && !checkpoint.RootHash.AsSpan().SequenceEqual(previous.RootHash))
            {
                throw Fork(previous, $"both checkpoints are of size {checkpoint.TreeSize:N0} with different roots");
            }
        }

        var walk = new TileWalk(this, previous, head, cancellationToken);
        var fundsAtSize = await walk.RunAsync();
        var root = _state.Tree.Root();
        if (!root.AsSpan().SequenceEqual(checkpoint.RootHash))
        {
            var detail = $"the tree rebuilt from its entries has root {Convert.ToBase64String(root)}, the checkpoint says {Convert.ToBase64String(checkpoint.RootHash)}";
            throw previous is { TreeSize: > 0 }
                ? Fork(previous, $"{detail} (the tree of size {previous.TreeSize:N0} verified before, extended by the entries after it): the log forked, or its tiles do not match its checkpoint")
                : new DiscrepancyException($"Checkpoint {checkpoint.TreeSize:N0}: {detail}.");
        }
        if (!signed && !IsSignedByLog(head.Note))
        {
            throw new DiscrepancyException($"Checkpoint {checkpoint.TreeSize:N0} is not signed by the log's key {_options.LogKey}, nor by a key its recorded rotations name.");
        }
        await _output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Tree: {walk.EntriesRead:N0} new entries read and {_fetchedTiles:N0} tiles checked ({_fetchedBytes / 1e6:F1} MB uncompressed) in {walk.Elapsed.TotalSeconds:F1} s; the root matches."));

        foreach (var (index, text) in walk.PolicyChanges)
        {
            var held = text is not null && text == _options.Policy?.Text ? " (the policy this monitor holds it to)" : "";
            await _output.WriteLineAsync(text is null
                ? $"Witness policy: entry {index:N0} records that the portal has none."
                : $"Witness policy: entry {index:N0} records a new policy, SHA-256 {WitnessPolicyLog.Hash(text)}{held}.");
        }
        CompareFunds(head.Funds, fundsAtSize, head.FundsSize);
        await _output.WriteLineAsync($"Funds: the totals of {head.Funds.Count} fund(s) at size {head.FundsSize:N0} equal those recomputed from {_state.Funds.RequestCount:N0} requests' events.");
        var sampled = await walk.Sample.CheckAsync(_log, VerifiedEntryAsync, _state.Funds, checkpoint.TreeSize, cancellationToken);
        await _output.WriteLineAsync(sampled > 0 ? $"Records: {sampled} sampled disbursement record(s) match their entries." : "Records: no new payments to sample.");

        _state.Checkpoint = head.Served;
        _state.VerifiedAt = _clock.GetUtcNow();
        _state.Save(_options.StateDirectory);
        return new MonitorResult(true, string.Create(CultureInfo.InvariantCulture,
            $"OK: checkpoint {checkpoint.TreeSize:N0} of {checkpoint.Origin} holds ({stopwatch.Elapsed.TotalSeconds:F1} s)."));
    }

    private sealed record Head(string Served, SignedNote Note, Checkpoint Checkpoint, WitnessCount? Witnesses, IReadOnlyList<FundSummary> Funds, long FundsSize);

    /// <summary>
    /// The newest checkpoint and the published fund totals, at a size between the state's and the checkpoint's, so the
    /// totals can be compared at exactly the size they reflect; with a policy, waits for the quorum to cosign.
    /// </summary>
    private async Task<Head> FetchHeadAsync(CancellationToken cancellationToken)
    {
        var deadline = _clock.GetUtcNow() + _options.QuorumWait;
        while (true)
        {
            var (funds, fundsSize) = await _log.FundsAsync(cancellationToken);
            _served = await _log.CheckpointAsync(cancellationToken);
            SignedNote note;
            Checkpoint checkpoint;
            try
            {
                note = SignedNote.Parse(_served);
                checkpoint = Checkpoint.Parse(note.Text);
            }
            catch (FormatException ex)
            {
                throw new DiscrepancyException($"The checkpoint is not a signed C2SP checkpoint: {ex.Message}");
            }
            var witnesses = _options.Policy?.Count(note);
            if (witnesses is { Invalid.Count: > 0 })
            {
                throw new DiscrepancyException($"Checkpoint {checkpoint.TreeSize:N0} carries a cosignature by {string.Join(", ", witnesses.Invalid)} that does not verify with the policy's key.");
            }
            var fundsFit = fundsSize >= _state.Tree.Size && fundsSize <= checkpoint.TreeSize;
            if (fundsFit && witnesses is null or { QuorumMet: true })
            {
                return new Head(_served, note, checkpoint, witnesses, funds, fundsSize);
            }
            if (_clock.GetUtcNow() >= deadline)
            {
                throw new DiscrepancyException(!fundsFit
                    ? $"/api/funds reflects ledger size {fundsSize:N0}, outside the sizes verified ({_state.Tree.Size:N0}) and signed ({checkpoint.TreeSize:N0})."
                    : $"Checkpoint {checkpoint.TreeSize:N0} is {WitnessText(witnesses)}: the policy's quorum did not cosign a newest checkpoint within {_options.QuorumWait.TotalSeconds:N0} s.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), _clock, cancellationToken);
        }
    }

    private string WitnessText(WitnessCount? count) =>
        count is null
            ? "no witness policy given, cosignatures not checked"
            : $"witnessed by {count.Valid.Count} of {_options.Policy!.Witnesses.Count}{(count.Valid.Count > 0 ? $" ({string.Join(", ", count.Valid)})" : "")}, quorum {(count.QuorumMet ? "met" : "not met")}";

    private bool IsSignedByLog(SignedNote note) => _state.Keys.Any(k => note.IsSignedBy(Ed25519Note.ParseVerifierKey(k)));

    private DiscrepancyException Fork(Checkpoint previous, string detail) =>
        new($"FORK: checkpoint {long.Parse(SizeOf(_served), CultureInfo.InvariantCulture):N0} does not extend checkpoint {previous.TreeSize:N0} verified {_state.VerifiedAt:u}: {detail}. Both signed checkpoints are kept as evidence.");

    private static string SizeOf(string? note) => note?.Split('\n') is [_, var size, ..] ? size : "?";

    private static void CompareFunds(IReadOnlyList<FundSummary> published, IReadOnlyList<FundSummary> recomputed, long size)
    {
        var byId = recomputed.ToDictionary(f => f.Id);
        foreach (var fund in published)
        {
            if (!byId.Remove(fund.Id, out var expected))
            {
                throw new DiscrepancyException($"/api/funds lists fund {fund.Id}, which no entry up to size {size:N0} created.");
            }
            foreach (var (field, shown, recomputedValue) in new (string, decimal, decimal)[]
            {
                ("budget", fund.Budget, expected.Budget), ("requested", fund.Requested, expected.Requested), ("approved", fund.Approved, expected.Approved),
                ("paid", fund.Paid, expected.Paid), ("used", fund.Used, expected.Used),
            })
            {
                if (shown != recomputedValue)
                {
                    throw new DiscrepancyException(string.Create(CultureInfo.InvariantCulture,
                        $"Fund {fund.Id} ({fund.Name}): /api/funds says {field} {shown} {fund.Currency} at ledger size {size:N0}, its events add up to {recomputedValue}."));
                }
            }
            if (fund.Name != expected.Name || fund.Currency != expected.Currency)
            {
                throw new DiscrepancyException($"Fund {fund.Id}: /api/funds names it '{fund.Name}' in {fund.Currency}, its creation entry '{expected.Name}' in {expected.Currency}.");
            }
        }
        if (byId.Count > 0)
        {
            throw new DiscrepancyException($"/api/funds omits fund {byId.Keys.First()}, which the ledger created.");
        }
    }

    /// <summary>An entry read again for a record check, held to the tree verified: its bundle must hash to the same leaf tile.</summary>
    private async Task<DecodedEntry> VerifiedEntryAsync(long index, CancellationToken cancellationToken)
    {
        var tree = _state.Tree;
        if (index < 0 || index >= tree.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        var tileIndex = index >> TilePath.Height;
        if (!_rereadBundles.TryGetValue(tileIndex, out var inputs))
        {
            var bundle = TilePath.Bundle(tileIndex, tree.Size);
            inputs = await _log.BundleAsync(bundle, cancellationToken);
            var hashes = inputs.Select(i => MerkleHash.Leaf(i)).ToList();
            var held = bundle.IsPartial
                ? hashes.Zip(tree.Tail(0)).All(p => p.First.AsSpan().SequenceEqual(p.Second))
                : RootOf(hashes).AsSpan().SequenceEqual(tree.LeafTileRoots[(int)tileIndex]);
            if (!held)
            {
                throw new DiscrepancyException($"Bundle {bundle}, read again, does not hash to the tree verified at size {tree.Size:N0}: the log serves different entries to different reads.");
            }
            _rereadBundles[tileIndex] = inputs;
        }
        return Decode(inputs[(int)(index - (tileIndex << TilePath.Height))], index);
    }

    private static byte[] RootOf(IEnumerable<byte[]> leafHashes)
    {
        var range = new CompactRange();
        foreach (var hash in leafHashes)
        {
            range.Append(hash);
        }
        return range.Root().ToArray();
    }

    private static DecodedEntry Decode(byte[] leafInput, long index)
    {
        if (!EntryEncoding.TryDecode(leafInput, out var entry))
        {
            throw new DiscrepancyException($"Entry {index}'s leaf input is not a canonical entry.");
        }
        if (entry.Index != index)
        {
            throw new DiscrepancyException($"The entry at position {index} records index {entry.Index}.");
        }
        return entry;
    }

    private string? SaveEvidence(string message)
    {
        if (_served is null)
        {
            return null;
        }
        var folder = Path.Combine(_options.StateDirectory, "evidence", _clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"checkpoint-{SizeOf(_served)}"), _served);
        if (_state.Checkpoint is { } previous)
        {
            File.WriteAllText(Path.Combine(folder, $"verified-checkpoint-{SizeOf(previous)}"), previous);
        }
        File.WriteAllText(Path.Combine(folder, "discrepancy.txt"), message + "\n");
        return folder;
    }

    /// <summary>One pass over the entries after the verified size, with the tiles fetched ahead in parallel.</summary>
    private sealed class TileWalk(LogMonitor monitor, Checkpoint? previous, Head head, CancellationToken cancellationToken)
    {
        private readonly Stopwatch _stopwatch = new();
        private readonly TileTree _tree = monitor._state.Tree;
        private readonly long _from = monitor._state.Tree.Size;
        private readonly int[] _oldTailCounts = Enumerable.Range(0, monitor._state.Tree.Levels).Select(l => monitor._state.Tree.Tail(l).Count).ToArray();
        private readonly List<byte[]> _oldLeaves = [.. monitor._state.Tree.Tail(0)];

        public long EntriesRead { get; private set; }

        public TimeSpan Elapsed => _stopwatch.Elapsed;

        public RecordSample Sample { get; } = new(monitor._options.Sample);

        /// <summary>The witness policies recorded in the entries read, for the operator of the monitor to see.</summary>
        public List<(long Index, string? Policy)> PolicyChanges { get; } = [];

        /// <summary>Walks to the checkpoint's size; returns the fund totals at the size the published ones reflect.</summary>
        public async Task<IReadOnlyList<FundSummary>> RunAsync()
        {
            _stopwatch.Start();
            var to = head.Checkpoint.TreeSize;
            var funds = head.FundsSize == _from ? monitor._state.Funds.Summaries() : null;
            var nextReport = TimeSpan.FromSeconds(10);
            var pending = new Queue<Task<(TilePath Bundle, IReadOnlyList<byte[]> Inputs, byte[] Hashes)>>();
            var next = _from >> TilePath.Height;
            var last = to == _from ? next - 1 : (to - 1) >> TilePath.Height;
            while (next <= last || pending.Count > 0)
            {
                while (next <= last && pending.Count < monitor._options.Parallelism)
                {
                    pending.Enqueue(FetchAsync(next++, to));
                }
                var (bundle, inputs, hashes) = await pending.Dequeue();
                for (var i = 0; i < inputs.Count; i++)
                {
                    var index = bundle.First + i;
                    var leafHash = MerkleHash.Leaf(inputs[i]);
                    if (!hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size).SequenceEqual(leafHash))
                    {
                        throw new DiscrepancyException($"Tile {bundle with { IsEntries = false }}: hash {i} is not the hash of entry {index} in bundle {bundle} (the entry or the tile was changed).");
                    }
                    if (index < _from)
                    {
                        if (!_oldLeaves[i].AsSpan().SequenceEqual(leafHash))
                        {
                            throw monitor.Fork(previous!, $"entry {index} is not the entry verified at size {_from:N0}");
                        }
                        continue;
                    }
                    Apply(Decode(inputs[i], index));
                    _tree.Append(leafHash);
                    EntriesRead++;
                    if (_tree.Size == head.FundsSize)
                    {
                        funds = monitor._state.Funds.Summaries();
                    }
                }
                foreach (var completed in _tree.TakeCompleted())
                {
                    await CompareAsync(completed);
                }
                if (_stopwatch.Elapsed > nextReport)
                {
                    nextReport += TimeSpan.FromSeconds(10);
                    await monitor._output.WriteLineAsync($"  ... {_tree.Size:N0} of {to:N0} entries ({_stopwatch.Elapsed.TotalSeconds:F0} s)");
                }
            }
            foreach (var partial in _tree.PartialTiles())
            {
                await CompareAsync(partial);
            }
            _stopwatch.Stop();
            return funds ?? throw new InvalidOperationException("The walk did not pass the funds' size.");
        }

        private void Apply(DecodedEntry entry)
        {
            monitor._state.Funds.Apply(entry.Index, entry.Kind, entry.Payload);
            if (entry.Kind == FundEvents.DisbursementConfirmed)
            {
                Sample.Offer(entry);
            }
            else if (entry.Kind == WitnessPolicyLog.Kind)
            {
                PolicyChanges.Add((entry.Index, WitnessPolicyLog.PolicyOf(entry.Payload)));
            }
            else if (entry.Kind == KeyRotation.Kind)
            {
                KeyRotationPayload rotation;
                try
                {
                    rotation = KeyRotationPayload.Parse(entry.Payload);
                }
                catch (FormatException ex)
                {
                    throw new DiscrepancyException($"Entry {entry.Index} is a key rotation that does not decode: {ex.Message}");
                }
                // A rotation counts only when it names a key the log already had: the old key vouches for the new.
                if (monitor._state.Keys.Contains(rotation.PreviousKey) && !monitor._state.Keys.Contains(rotation.NewKey))
                {
                    monitor._state.Keys.Add(rotation.NewKey);
                }
            }
        }

        private async Task<(TilePath, IReadOnlyList<byte[]>, byte[])> FetchAsync(long tileIndex, long treeSize)
        {
            var bundle = TilePath.Bundle(tileIndex, treeSize);
            var inputs = monitor._log.BundleAsync(bundle, cancellationToken);
            var hashes = monitor._log.HashTileAsync(bundle with { IsEntries = false }, cancellationToken);
            var (entries, tile) = (await inputs, await hashes);
            Interlocked.Add(ref monitor._fetchedBytes, tile.Length + entries.Sum(e => 2L + e.Length));
            Interlocked.Add(ref monitor._fetchedTiles, 2);
            return (bundle, entries, tile);
        }

        private async Task CompareAsync(TileTree.TileHashes expected)
        {
            var tile = expected.Tile;
            var served = await monitor._log.HashTileAsync(tile, cancellationToken);
            monitor._fetchedBytes += served.Length;
            monitor._fetchedTiles++;
            for (var i = 0; i < expected.Hashes.Count; i++)
            {
                if (served.AsSpan(i * MerkleHash.Size, MerkleHash.Size).SequenceEqual(expected.Hashes[i]))
                {
                    continue;
                }
                var heldBefore = tile.Level < _oldTailCounts.Length && tile.Index == _from >> (TilePath.Height * (tile.Level + 1)) && i < _oldTailCounts[tile.Level];
                if (heldBefore)
                {
                    throw monitor.Fork(previous!, $"tile {tile}: hash {i} is not the one verified at size {_from:N0}");
                }
                throw new DiscrepancyException($"Tile {tile}: hash {i} is {Convert.ToBase64String(served, i * MerkleHash.Size, MerkleHash.Size)}, but the entries below it hash to {Convert.ToBase64String(expected.Hashes[i])}.");
            }
        }
    }
}
