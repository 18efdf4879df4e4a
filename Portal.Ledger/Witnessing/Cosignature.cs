using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Portal.Ledger.Chain.Checkpoints;

namespace Portal.Ledger.Witnessing;

/// <summary>
/// C2SP tlog-cosignature v1 with Ed25519 (signature type 0x04): a cosigner's statement that, as of its timestamp,
/// the checkpoint is the largest consistent tree head it has seen for the log. The signature line's bytes are the
/// key ID, then the timestamp (u64, big-endian, POSIX seconds), then the Ed25519 signature over
/// <c>cosignature/v1\ntime &lt;timestamp&gt;\n</c> followed by the checkpoint's whole body.
/// </summary>
public static class Cosignature
{
    public const byte SignatureType = 0x04;

    public static uint ComputeKeyId(string name, ReadOnlySpan<byte> publicKey) => Ed25519Note.ComputeKeyId(name, SignatureType, publicKey);

    public static string FormatVerifierKey(string name, ReadOnlySpan<byte> publicKey) =>
        KeyText.FormatVerifier(name, ComputeKeyId(name, publicKey), SignatureType, publicKey);

    /// <summary>The signed message for a checkpoint body (its text up to the signatures, final newline included).</summary>
    public static byte[] Message(string checkpointText, ulong timestamp) =>
        Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{checkpointText}");

    /// <summary>Splits a cosignature (the signature line's bytes after the key ID) into its timestamp and Ed25519 signature.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> signature, out ulong timestamp, out ReadOnlySpan<byte> ed25519)
    {
        timestamp = 0;
        ed25519 = default;
        if (signature.Length != 8 + 64)
        {
            return false;
        }
        timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature);
        ed25519 = signature[8..];
        return timestamp <= long.MaxValue;
    }
}

/// <summary>A cosigner's key: signs cosignatures; kept in a file as <c>PRIVATE+KEY+name+keyid+base64(0x04 || seed)</c>.</summary>
public sealed class CosignerKey
{
    private readonly byte[] _seed;

    public CosignerKey(string name, byte[] seed)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('+') || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A cosigner name is non-empty and has no spaces or '+'.", nameof(name));
        }
        Name = name;
        _seed = seed;
        PublicKey = Ed25519Note.PublicKeyOf(seed);
        KeyId = Cosignature.ComputeKeyId(name, PublicKey);
    }

    public string Name { get; }

    public uint KeyId { get; }

    public byte[] PublicKey { get; }

    public string VerifierKey => Cosignature.FormatVerifierKey(Name, PublicKey);

    public string PrivateKeyText => KeyText.FormatPrivate(Name, KeyId, Cosignature.SignatureType, _seed);

    /// <summary>This key's cosignature of a checkpoint body at a time.</summary>
    public NoteSignature Cosign(string checkpointText, DateTimeOffset at)
    {
        var timestamp = (ulong)at.ToUnixTimeSeconds();
        var signature = new byte[8 + 64];
        BinaryPrimitives.WriteUInt64BigEndian(signature, timestamp);
        Ed25519Note.Sign(_seed, Cosignature.Message(checkpointText, timestamp)).CopyTo(signature, 8);
        return new NoteSignature(Name, KeyId, signature);
    }

    public CosignatureVerifier ToVerifier() => new(Name, PublicKey);

    public static CosignerKey Parse(string text)
    {
        var (name, keyId, seed) = KeyText.ParsePrivate(text, Cosignature.SignatureType, "cosigner key");
        var key = new CosignerKey(name, seed);
        KeyText.RequireKeyId(keyId, key.KeyId, "cosigner key");
        return key;
    }

    /// <summary>The key in <paramref name="path"/>, or a new one named <paramref name="name"/> written there (mode 0600).</summary>
    public static CosignerKey LoadOrCreate(string path, string name)
    {
        if (File.Exists(path))
        {
            return Parse(File.ReadAllText(path));
        }
        var created = new CosignerKey(name, Ed25519Note.GenerateSeed());
        return SigningKeyFile.TryCreate(path, created.PrivateKeyText) ? created : Parse(File.ReadAllText(path));
    }
}

/// <summary>Checks a cosigner's cosignatures; parsed from its verifier key <c>name+keyid+base64(0x04 || key)</c>.</summary>
public sealed class CosignatureVerifier(string name, byte[] publicKey)
{
    public string Name { get; } = name;

    public byte[] PublicKey { get; } = publicKey;

    public uint KeyId { get; } = Cosignature.ComputeKeyId(name, publicKey);

    public string VerifierKey => Cosignature.FormatVerifierKey(Name, PublicKey);

    /// <summary>Whether the signature line is this cosigner's valid cosignature of the checkpoint body; its time when so.</summary>
    public bool Verify(string checkpointText, NoteSignature signature, out DateTimeOffset time)
    {
        time = default;
        if (signature.Name != Name || signature.KeyId != KeyId || !Cosignature.TrySplit(signature.Signature, out var timestamp, out var ed25519))
        {
            return false;
        }
        if (!Ed25519Note.Verify(PublicKey, Cosignature.Message(checkpointText, timestamp), ed25519))
        {
            return false;
        }
        time = DateTimeOffset.FromUnixTimeSeconds((long)timestamp);
        return true;
    }

    public static CosignatureVerifier Parse(string verifierKey)
    {
        var (name, keyId, key) = KeyText.ParseVerifier(verifierKey, Cosignature.SignatureType, "witness key");
        var verifier = new CosignatureVerifier(name, key);
        KeyText.RequireKeyId(keyId, verifier.KeyId, "witness key");
        return verifier;
    }
}
