using System.Security.Cryptography;

namespace Portal.Web.Evidence;

/// <summary>
/// Evidence documents (quotes, invoices, photos), stored once under their SHA-256: the hash is what goes on the
/// ledger, so anyone holding the file can check it is the one the request or usage report referred to.
/// </summary>
public sealed class EvidenceStore(string directory)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Each allowed type: its file extension, and how its bytes begin (a file is stored only as what it really is).</summary>
    private static readonly Dictionary<string, (string Extension, byte[] Signature)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = (".pdf", "%PDF-"u8.ToArray()),
        ["image/png"] = (".png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ["image/jpeg"] = (".jpg", [0xFF, 0xD8, 0xFF]),
    };

    public static bool IsAllowedType(string? contentType) => contentType is not null && Types.ContainsKey(contentType);

    /// <summary>Stores the document and returns its SHA-256 (hex). Storing the same bytes twice keeps one copy.</summary>
    public async Task<string> SaveAsync(Stream content, string contentType, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var (extension, signature) = Types[contentType];
        var temp = Path.Combine(directory, $".upload-{Guid.NewGuid():N}");
        string hash;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                var head = new byte[signature.Length];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (total < head.Length)
                    {
                        Array.Copy(buffer, 0, head, total, Math.Min(read, head.Length - (int)total));
                    }
                    total += read;
                    if (total > MaxBytes)
                    {
                        throw new InvalidDataException($"Evidence documents are at most {MaxBytes / 1024 / 1024} MB.");
                    }
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                if (total == 0)
                {
                    throw new InvalidDataException("The document is empty.");
                }
                if (!head.AsSpan().SequenceEqual(signature))
                {
                    throw new InvalidDataException($"The document is not a {extension.TrimStart('.').ToUpperInvariant()} file: its bytes do not begin as one does.");
                }
                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }
            var final = PathOf(hash, extension);
            if (!File.Exists(final))
            {
                File.Move(temp, final);
            }
            return hash;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>The stored document with this hash, and its content type, or null.</summary>
    public (string Path, string ContentType)? Find(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            return null;
        }
        foreach (var (type, (extension, _)) in Types)
        {
            var path = PathOf(sha256.ToLowerInvariant(), extension);
            if (File.Exists(path))
            {
                return (path, type);
            }
        }
        return null;
    }

    private string PathOf(string hash, string extension) => Path.Combine(directory, hash + extension);
}
