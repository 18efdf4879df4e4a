using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>Ed25519 keys for signed notes, with the key ID and key encodings of the C2SP signed-note spec.</summary>
public static class Ed25519Note
{
    public const byte SignatureType = 0x01;
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    public static uint ComputeKeyId(string name, ReadOnlySpan<byte> publicKey) => ComputeKeyId(name, SignatureType, publicKey);

    /// <summary>The signed-note key ID for a key of any signature type: SHA-256(name || 0x0A || type || key)[:4].</summary>
    public static uint ComputeKeyId(string name, byte signatureType, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = (byte)'\n';
        input[nameBytes.Length + 1] = signatureType;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    public static string FormatVerifierKey(string name, ReadOnlySpan<byte> publicKey) =>
        KeyText.FormatVerifier(name, ComputeKeyId(name, publicKey), SignatureType, publicKey);

    public static byte[] GenerateSeed()
    {
        using var key = Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return key.Export(KeyBlobFormat.RawPrivateKey);
    }

    public static Ed25519NoteVerifier ParseVerifierKey(string verifierKey)
    {
        var (name, keyId, key) = KeyText.ParseVerifier(verifierKey, SignatureType, "verifier key");
        var verifier = new Ed25519NoteVerifier(name, key);
        KeyText.RequireKeyId(keyId, verifier.KeyId, "verifier key");
        return verifier;
    }

    public static byte[] Sign(byte[] seed, ReadOnlySpan<byte> message)
    {
        using var key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        return Algorithm.Sign(key, message);
    }

    public static byte[] PublicKeyOf(byte[] seed)
    {
        using var key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public static bool Verify(byte[] publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var key = PublicKey.Import(Algorithm, publicKey, KeyBlobFormat.RawPublicKey);
        return signature.Length == Algorithm.SignatureSize && Algorithm.Verify(key, message, signature);
    }
}

public sealed class Ed25519NoteSigner : INoteSigner
{
    private readonly byte[] _seed;

    public Ed25519NoteSigner(string name, byte[] seed)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('+') || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A key name is non-empty and has no spaces or '+'.", nameof(name));
        }
        Name = name;
        _seed = seed;
        PublicKey = Ed25519Note.PublicKeyOf(seed);
        KeyId = Ed25519Note.ComputeKeyId(name, PublicKey);
        VerifierKey = Ed25519Note.FormatVerifierKey(name, PublicKey);
    }

    public string Name { get; }

    public uint KeyId { get; }

    public byte[] PublicKey { get; }

    public string VerifierKey { get; }

    /// <summary>The Go sumdb private key form, as kept in the key file.</summary>
    public string PrivateKeyText => KeyText.FormatPrivate(Name, KeyId, Ed25519Note.SignatureType, _seed);

    public byte[] Sign(ReadOnlySpan<byte> message) => Ed25519Note.Sign(_seed, message);

    public Ed25519NoteVerifier ToVerifier() => new(Name, PublicKey);

    public static Ed25519NoteSigner ParsePrivateKey(string text)
    {
        var (name, keyId, seed) = KeyText.ParsePrivate(text, Ed25519Note.SignatureType, "signing key");
        var signer = new Ed25519NoteSigner(name, seed);
        KeyText.RequireKeyId(keyId, signer.KeyId, "signing key");
        return signer;
    }
}

public sealed class Ed25519NoteVerifier(string name, byte[] publicKey) : INoteVerifier
{
    public string Name { get; } = name;

    public byte[] PublicKey { get; } = publicKey;

    public uint KeyId { get; } = Ed25519Note.ComputeKeyId(name, publicKey);

    /// <summary>The canonical verifier key text (lowercase key ID), whatever case the parsed text used.</summary>
    public string VerifierKey => Ed25519Note.FormatVerifierKey(Name, PublicKey);

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Ed25519Note.Verify(PublicKey, message, signature);
}
