namespace Portal.Ledger.Chain.Merkle;

// Proofs as they travel: the bytes a server sends and a verifier checks (ProofVerifier validates every length).

public sealed record InclusionProof(long Index, long TreeSize, byte[] LeafHash, byte[] RootHash, IReadOnlyList<byte[]> Path);

public sealed record ConsistencyProof(long From, long To, byte[] FromRoot, byte[] ToRoot, IReadOnlyList<byte[]> Path);
