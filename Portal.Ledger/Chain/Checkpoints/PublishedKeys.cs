namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// The public keys of every key that has signed the ledger's checkpoints, oldest first, one verifier key per line.
/// A key is only ever added (by a rotation), never removed: checkpoints signed before a rotation must still verify,
/// and an auditor must be able to fetch the key they were signed with.
/// </summary>
public sealed class PublishedKeys(string path)
{
    public string Path { get; } = path;

    public IReadOnlyList<string> Read() => File.Exists(Path)
        ? [.. File.ReadAllLines(Path).Select(l => l.Trim()).Where(l => l.Length > 0)]
        : [];

    public IReadOnlyList<INoteVerifier> Verifiers() => [.. Read().Select(Ed25519Note.ParseVerifierKey)];

    /// <summary>
    /// Checks that the key the ledger signs with is published; on a ledger's first start, publishes it. A signing
    /// key that is not published was swapped behind the ledger's back: refuse it rather than sign with it.
    /// </summary>
    public void EnsurePublished(Ed25519NoteSigner signer)
    {
        var keys = Read();
        if (keys.Count == 0)
        {
            CreateWith(signer.VerifierKey);
            keys = Read();
        }
        if (!keys.Any(k => Ed25519Note.ParseVerifierKey(k).VerifierKey == signer.VerifierKey))
        {
            throw new InvalidOperationException(
                $"The signing key {signer.Name}+{signer.KeyId:x8} is not among the published keys in '{Path}'. " +
                "A signing key is changed only with the rotate-key command, which records the change in the ledger and publishes the new key.");
        }
    }

    /// <summary>Publishes one more key, durably.</summary>
    public void Add(string verifierKey)
    {
        Ed25519Note.ParseVerifierKey(verifierKey);
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using (var writer = new StreamWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            writer.Write(verifierKey + "\n");
        }
        stream.Flush(flushToDisk: true);
    }

    private void CreateWith(string verifierKey)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temp = $"{Path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, verifierKey + "\n", System.Text.Encoding.ASCII);
        try
        {
            // Instances starting together: the first one publishes, the others read it.
            File.Move(temp, Path, overwrite: false);
        }
        catch (IOException) when (File.Exists(Path))
        {
            File.Delete(temp);
        }
    }
}
