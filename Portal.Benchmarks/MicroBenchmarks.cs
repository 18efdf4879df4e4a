using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Benchmarks;

/// <summary>The CPU side of appends and verification: encoding, leaf hashing, tree updates.</summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private const string Payload = """{"requestId":123456,"regionCode":"520102","amount":"1570000.00","currency":"CNY"}""";
    private readonly CompactRange _range = new();
    private readonly byte[] _leaf = MerkleHash.Leaf([1, 2, 3]);
    private readonly long _treeSize = 1_000_000;
    private long _index;

    public static int Run(string[] args)
    {
        BenchmarkRunner.Run<MicroBenchmarks>(args: args);
        return 0;
    }

    [Benchmark]
    public byte[] EncodeAndHashEntry() => EntryEncoding.LeafHash(_index++, 1_700_000_000_000, "disbursement.confirmed", "bank:icbc-guiyang", Payload);

    [Benchmark]
    public long AppendLeafToCompactRange()
    {
        _range.Append(_leaf);
        return _range.Size;
    }

    [Benchmark]
    public List<LeafRange> PlanConsistencyProofAtOneMillion() => TreeMath.ConsistencyPath(654_321, _treeSize);
}
