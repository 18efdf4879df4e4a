using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Portal.Ledger.Chain.Checkpoints;

namespace Portal.Ledger.Privacy;

/// <summary>
/// What the payee checks (a repeated payment, a payee's share) compare instead of names. An organisation's key is
/// the hash of its normalised public name, so anyone can recompute it from the ledger. An individual's is an HMAC of
/// the normalised name under a server secret kept outside the database: equal names give equal keys, but without
/// the secret a key reveals nothing and cannot be tested against a list of names. Neither is ever published.
/// </summary>
public sealed class PayeeKeys(byte[] secret)
{
    public const int SecretSize = 32;

    /// <summary>The individual's key, which the ledger's commitment (salted per entry) cannot serve as.</summary>
    public string Individual(string name) =>
        "i:" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(Normalize(name))));

    public static string Organization(string name) =>
        "o:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(name))));

    /// <summary>
    /// The form two spellings of one name share: compatibility-normalised (full-width letters and digits become
    /// ordinary ones), runs of white space as one space, trimmed, lower case.
    /// </summary>
    public static string Normalize(string name)
    {
        var text = name.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Reads the secret from its file, creating a random one (mode 0600) the first time.</summary>
    public static PayeeKeys LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            SigningKeyFile.TryCreate(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretSize)));
        }
        var secret = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return secret.Length == SecretSize
            ? new PayeeKeys(secret)
            : throw new InvalidOperationException($"The payee key secret in '{path}' is {secret.Length} bytes, not {SecretSize}.");
    }
}
