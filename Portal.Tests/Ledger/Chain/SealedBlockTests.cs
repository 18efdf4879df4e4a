using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Writing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Chain;

/// <summary>
/// A command's proof from the block that sealed it, built from the writer's memory alone, equals the literal RFC 6962
/// path over the same leaves and the proof the store serves, for every entry of blocks of mixed sizes, the first
/// block included.
/// </summary>
public sealed class SealedBlockTests
{
    [Fact]
    public async Task Every_entry_of_a_sealed_block_is_proved_as_the_store_and_the_reference_prove_it()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var sealedBlocks = new List<(SealedBlock Block, long Index)>();
        var written = 0;
        foreach (var size in new[] { 1, 2, 3, 5, 8, 13, 21, 11, 1, 64 })
        {
            // One command appends the whole block, so the block's boundaries are known.
            var first = written;
            var result = await ledger.Writer.ExecuteSealedAsync(async (tx, ct) =>
            {
                var indexes = new List<long>();
                for (var i = 0; i < size; i++)
                {
                    indexes.Add((await tx.AppendAsync(LedgerHarness.Draft(first + i), ct)).Index);
                }
                return indexes;
            });
            Assert.Equal(first, result.Block.Appended.Block.FirstIndex);
            sealedBlocks.AddRange(result.Value.Select(i => (result.Block, i)));
            written += size;
        }

        var leaves = new List<byte[]>();
        for (var i = 0; i < written; i++)
        {
            leaves.Add((await ledger.Reader.GetEntryAsync(i))!.LeafHash.ToArray());
        }
        foreach (var (block, index) in sealedBlocks)
        {
            var size = block.TreeSize;
            var proof = block.InclusionProof(index);
            Assert.Equal(ReferenceMerkle.Path(leaves, (int)index, 0, (int)size), proof.Path);
            Assert.Equal(ReferenceMerkle.Mth(leaves, 0, (int)size), proof.RootHash);
            Assert.Equal(leaves[(int)index], proof.LeafHash);
            ProofVerifier.VerifyInclusion(index, size, proof.LeafHash, proof.Path, proof.RootHash);
            Assert.Equal((await ledger.Reader.GetInclusionProofAsync(index, size)).Path, proof.Path);
            Assert.Equal(await ledger.Reader.GetCheckpointAsync(size), block.Checkpoint);
            Assert.Equal((await ledger.Reader.GetEntryAsync(index))!.LeafData(), block.Entry(index).LeafData());
        }
        var last = sealedBlocks[^1].Block;
        Assert.Throws<ArgumentOutOfRangeException>(() => last.InclusionProof(0).Index);
    }
}
