namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// The signing key as the key file holds it now. <c>rotate-key</c> swaps the file in one atomic rename; a running
/// instance looks at the file's time before each block it signs and takes the new key there, so no instance keeps
/// signing with the retired key once its successor has signed (which verification refuses: see KeyWindows). A key
/// that appears in the file without being published is refused, as at start-up, and the block with it.
/// The file is read at the first use, not when the key is constructed: the host asks for it while starting, so a key
/// of the wrong name stops the portal naming the file, and no service registration does file I/O.
/// </summary>
public sealed class SigningKey
{
    private readonly string _path;
    private readonly string? _origin;
    private readonly PublishedKeys _published;
    private readonly Lock _lock = new();
    private Ed25519NoteSigner? _current;
    private DateTime _stamp;

    /// <summary>The key in the file at <paramref name="path"/>, created there (and published) at the first use if none is.</summary>
    public SigningKey(string path, string origin, PublishedKeys published)
    {
        _path = path;
        _origin = origin;
        _published = published;
    }

    /// <summary>A key already loaded from <paramref name="path"/>, followed through later rotations.</summary>
    public SigningKey(string path, PublishedKeys published, Ed25519NoteSigner loaded)
    {
        _path = path;
        _published = published;
        _current = loaded;
        // Not the file's time now: the key may have been rotated since it was loaded, so the first use reads it.
        _stamp = DateTime.MinValue;
    }

    /// <summary>Whether the key has been read (the host reads it as it starts): the portal can sign blocks.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_lock)
            {
                return _current is not null;
            }
        }
    }

    /// <summary>The key to sign the next checkpoint with: one object, so its name, ID and signature always agree.</summary>
    /// <exception cref="InvalidOperationException">The file now holds a key of another name, or one never published.</exception>
    public Ed25519NoteSigner Current
    {
        get
        {
            lock (_lock)
            {
                if (_current is null)
                {
                    _current = SigningKeyFile.LoadOrCreate(_path, _origin!);
                    _published.EnsurePublished(_current);
                    _stamp = File.GetLastWriteTimeUtc(_path);
                    return _current;
                }
                var stamp = File.GetLastWriteTimeUtc(_path);
                // A missing file (being restored, say) is no reason to stop signing with the key already loaded.
                if (stamp == _stamp || !File.Exists(_path))
                {
                    return _current;
                }
                var next = Ed25519NoteSigner.ParsePrivateKey(File.ReadAllText(_path));
                if (next.VerifierKey != _current.VerifierKey)
                {
                    if (next.Name != _current.Name)
                    {
                        throw new InvalidOperationException($"The signing key file '{_path}' now holds a key named '{next.Name}', not '{_current.Name}'.");
                    }
                    _published.EnsurePublished(next);
                    _current = next;
                }
                _stamp = stamp;
                return _current;
            }
        }
    }
}
