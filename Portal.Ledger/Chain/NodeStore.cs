using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain;

/// <summary>Reads complete-subtree hashes: leaves from the entries, interior nodes from their table.</summary>
internal static class NodeStore
{
    private const int ChunkSize = 1_000;

    public static async Task<Dictionary<NodeRef, Hash>> ReadAsync(LedgerDbContext db, IEnumerable<NodeRef> refs, CancellationToken cancellationToken)
    {
        var wanted = refs.Distinct().ToList();
        var result = new Dictionary<NodeRef, Hash>(wanted.Count);
        // In chunks: a replay's proofs can name thousands of nodes, beyond some providers' parameter limits.
        foreach (var leafIndexes in wanted.Where(r => r.Level == 0).Select(r => r.Index).Chunk(ChunkSize))
        {
            var leaves = await db.Entries.AsNoTracking()
                .Where(e => leafIndexes.Contains(e.Index))
                .Select(e => new { e.Index, e.LeafHash })
                .ToListAsync(cancellationToken);
            foreach (var leaf in leaves)
            {
                result[new NodeRef(0, leaf.Index)] = Stored(new NodeRef(0, leaf.Index), leaf.LeafHash);
            }
        }
        var interior = wanted.Where(r => r.Level > 0).ToDictionary(r => r.StorageId);
        foreach (var ids in interior.Keys.Chunk(ChunkSize))
        {
            var nodes = await db.MerkleNodes.AsNoTracking()
                .Where(n => ids.Contains(n.Id))
                .ToListAsync(cancellationToken);
            foreach (var node in nodes)
            {
                result[interior[node.Id]] = Stored(interior[node.Id], node.Hash);
            }
        }
        var missing = wanted.FirstOrDefault(r => !result.ContainsKey(r));
        if (result.Count != wanted.Count)
        {
            throw new LedgerCorruptException($"Merkle node {missing} is missing from the store.");
        }
        return result;
    }

    private static Hash Stored(NodeRef node, byte[] hash) =>
        hash.Length == Hash.Size ? Hash.Of(hash) : throw new LedgerCorruptException($"Merkle node {node} is stored as {hash.Length} bytes, not {Hash.Size}.");

    public static async Task<Hash> RootAsync(LedgerDbContext db, long treeSize, CancellationToken cancellationToken)
    {
        var range = new LeafRange(0, treeSize);
        var nodes = await ReadAsync(db, RangeHasher.NodesFor([range]), cancellationToken);
        return RangeHasher.Hash(range, nodes);
    }
}
