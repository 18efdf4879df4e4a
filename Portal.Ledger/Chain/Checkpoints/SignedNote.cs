using System.Buffers.Binary;
using System.Text;

namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>A C2SP signed note: text ending in a newline, a blank line, then "— name base64(keyid || signature)" lines.</summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    internal const string SignaturePrefix = "\u2014 ";

    public static SignedNote Sign(string text, INoteSigner signer)
    {
        ValidateText(text);
        return new SignedNote(text, [new NoteSignature(signer.Name, signer.KeyId, signer.Sign(Encoding.UTF8.GetBytes(text)))]);
    }

    public override string ToString() => Text + "\n" + string.Concat(Signatures.Select(s => s.ToLine()));

    /// <summary>
    /// Parses a note as stored or as saved by someone: trailing newlines beyond the one that ends the last signature
    /// line are dropped (an editor's blank line at the end of a saved file), as the browser verifier does.
    /// </summary>
    public static SignedNote Parse(string note)
    {
        note = note.TrimEnd('\n') + "\n";
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n') || split + 2 >= note.Length)
        {
            throw new FormatException("A signed note is text, a blank line, then signature lines, each ending in a newline.");
        }
        var text = note[..(split + 1)];
        ValidateText(text);
        var signatures = new List<NoteSignature>();
        foreach (var line in note[(split + 2)..^1].Split('\n'))
        {
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            {
                throw new FormatException("Each signature line starts with an em dash and a space.");
            }
            var fields = line[SignaturePrefix.Length..].Split(' ');
            if (fields.Length != 2 || fields[0].Length == 0)
            {
                throw new FormatException("A signature line is '— name signature'.");
            }
            var blob = StrictBase64.Decode(fields[1], "signature");
            if (blob.Length < 5)
            {
                throw new FormatException("A signature is a 4-byte key ID followed by the signature bytes.");
            }
            signatures.Add(new NoteSignature(fields[0], BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]));
        }
        if (signatures.Count == 0)
        {
            throw new FormatException("The note carries no signature.");
        }
        return new SignedNote(text, signatures);
    }

    /// <summary>Whether a signature line names this signer's name and key ID (valid or not).</summary>
    public bool HasSignatureBy(INoteSigner signer) => Signatures.Any(s => s.Name == signer.Name && s.KeyId == signer.KeyId);

    /// <summary>This note with the signer's signature added, unless it already carries one by that name and key ID.</summary>
    public SignedNote CosignedBy(INoteSigner signer) =>
        HasSignatureBy(signer)
            ? this
            : this with { Signatures = [.. Signatures, new NoteSignature(signer.Name, signer.KeyId, signer.Sign(Encoding.UTF8.GetBytes(Text)))] };

    /// <summary>True when a signature by this verifier's name and key ID is present and valid.</summary>
    public bool IsSignedBy(INoteVerifier verifier)
    {
        var message = Encoding.UTF8.GetBytes(Text);
        return Signatures.Any(s => s.Name == verifier.Name && s.KeyId == verifier.KeyId && verifier.Verify(message, s.Signature));
    }

    private static void ValidateText(string text)
    {
        if (text.Length == 0 || !text.EndsWith('\n') || text.Any(c => char.IsControl(c) && c != '\n'))
        {
            throw new FormatException("Note text is non-empty, ends with a newline and has no other control characters.");
        }
    }
}

public sealed record NoteSignature(string Name, uint KeyId, byte[] Signature)
{
    /// <summary>The signature line: <c>— name base64(key ID || signature)</c> and a newline.</summary>
    public string ToLine()
    {
        var blob = new byte[4 + Signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        Signature.CopyTo(blob, 4);
        return $"{SignedNote.SignaturePrefix}{Name} {Convert.ToBase64String(blob)}\n";
    }
}
