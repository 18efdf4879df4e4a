namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>The checkpoint signing key lives in a file outside the database, created on first use.</summary>
public static class SigningKeyFile
{
    public static Ed25519NoteSigner LoadOrCreate(string path, string origin)
    {
        if (File.Exists(path))
        {
            var signer = Ed25519NoteSigner.ParsePrivateKey(File.ReadAllText(path));
            if (signer.Name != origin)
            {
                throw new InvalidOperationException(
                    $"The signing key in '{path}' is named '{signer.Name}' but the ledger origin is '{origin}'. " +
                    "Checkpoints are signed with key name = origin; configure the matching origin or rotate the key.");
            }
            return signer;
        }
        var created = new Ed25519NoteSigner(origin, Ed25519Note.GenerateSeed());
        return TryCreate(path, created.PrivateKeyText) ? created : LoadOrCreate(path, origin);
    }

    /// <summary>
    /// Writes a new private key file (mode 0600) at <paramref name="path"/>, whole or not at all; false when another
    /// process created one there first (the first one wins, everyone loads it).
    /// </summary>
    public static bool TryCreate(string path, string privateKeyText)
    {
        var temp = WriteBeside(path, privateKeyText);
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }

    /// <summary>Writes a key to a new private (0600) file in the key's folder and returns its path.</summary>
    public static string WriteBeside(string path, Ed25519NoteSigner signer) => WriteBeside(path, signer.PrivateKeyText);

    private static string WriteBeside(string path, string privateKeyText)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream, System.Text.Encoding.ASCII))
        {
            writer.Write(privateKeyText + "\n");
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        return temp;
    }
}
