using System.Globalization;

namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// The key texts of the C2SP signed-note ecosystem, for any signature type: a verifier key
/// <c>name+keyid+base64(type || public key)</c> and a private key <c>PRIVATE+KEY+name+keyid+base64(type || seed)</c>
/// (Go's note package form). Ed25519 checkpoint keys (0x01) and witness cosignature keys (0x04) share them.
/// </summary>
internal static class KeyText
{
    /// <summary>A verifier key's name, key ID text and 32-byte key, its type checked; the caller checks the key ID.</summary>
    public static (string Name, string KeyId, byte[] Key) ParseVerifier(string text, byte type, string kind)
    {
        // Base64 may itself contain '+': only the first two separate fields, as in Go's note package.
        var parts = text.Trim().Split('+', 3);
        if (parts.Length != 3 || parts[0].Length == 0)
        {
            throw new FormatException("A verifier key has the form name+keyid+base64key.");
        }
        return (parts[0], parts[1], Key(parts[2], type, kind, "verifier key"));
    }

    /// <summary>A private key's name, key ID text and 32-byte seed, its type checked; the caller checks the key ID.</summary>
    public static (string Name, string KeyId, byte[] Seed) ParsePrivate(string text, byte type, string kind)
    {
        var parts = text.Trim().Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY")
        {
            throw new FormatException($"A {kind} file holds one line PRIVATE+KEY+name+keyid+base64key.");
        }
        return (parts[2], parts[3], Key(parts[4], type, kind, kind));
    }

    public static string FormatVerifier(string name, uint keyId, byte type, ReadOnlySpan<byte> publicKey) =>
        $"{name}+{keyId:x8}+{Convert.ToBase64String([type, .. publicKey])}";

    public static string FormatPrivate(string name, uint keyId, byte type, ReadOnlySpan<byte> seed) =>
        $"PRIVATE+KEY+{name}+{keyId:x8}+{Convert.ToBase64String([type, .. seed])}";

    /// <summary>Throws unless the key ID text (in either case) is the key's computed ID.</summary>
    public static void RequireKeyId(string keyIdText, uint keyId, string kind)
    {
        if (!string.Equals(keyIdText, keyId.ToString("x8", CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"The {kind}'s key ID does not match its name and key.");
        }
    }

    private static byte[] Key(string base64, byte type, string kind, string what)
    {
        var raw = StrictBase64.Decode(base64, what);
        if (raw.Length != 33 || raw[0] != type)
        {
            throw new FormatException($"A {kind} is an Ed25519 key of signature type 0x{type:x2} (32 bytes).");
        }
        return raw[1..];
    }
}
