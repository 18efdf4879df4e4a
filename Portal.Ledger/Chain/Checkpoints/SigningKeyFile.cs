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
        var temp = WriteBeside(path, created);
        try
        {
            // Another process may have created the key meanwhile: the first one wins, everyone loads it.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return LoadOrCreate(path, origin);
        }
        return created;
    }

    /// <summary>Writes a key to a new private (0600) file in the key's folder and returns its path.</summary>
    public static string WriteBeside(string path, Ed25519NoteSigner signer)
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
            writer.Write(signer.PrivateKeyText + "\n");
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        return temp;
    }
}
