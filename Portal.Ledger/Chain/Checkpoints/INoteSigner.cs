namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// The one seam for signature schemes: a C2SP signed-note signer. Ed25519 today; ML-DSA-44 can be added as
/// another implementation with its own signature type byte without touching the ledger.
/// </summary>
public interface INoteSigner
{
    string Name { get; }

    /// <summary>The 4-byte key ID that prefixes each signature, big-endian.</summary>
    uint KeyId { get; }

    /// <summary>The public key in the Go sumdb note verifier form: name+hexkeyid+base64(type || key).</summary>
    string VerifierKey { get; }

    byte[] Sign(ReadOnlySpan<byte> message);
}

public interface INoteVerifier
{
    string Name { get; }

    uint KeyId { get; }

    bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
