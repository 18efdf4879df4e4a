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
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temp, System.Text.Encoding.ASCII, options))
        {
            writer.Write(created.PrivateKeyText + "\n");
        }
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
}
