using System.Security.Cryptography;
using System.Text;

namespace Portal.Ledger.Privacy;

/// <summary>
/// A salted commitment to a personal value: SHA-256("portal/personal/v1" || 0x00 || salt || UTF-8 value), in hex.
/// The ledger entry holds only the commitment; whoever is given the value and its 32-byte salt can check them against
/// it, and once both are deleted nobody can recover the value from it (the salt makes guessing names useless).
/// </summary>
public static class PersonalCommitment
{
    public const string Domain = "portal/personal/v1";
    public const int SaltSize = 32;

    public static (string Commitment, byte[] Salt) Create(string value)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        return (Of(value, salt), salt);
    }

    public static string Of(string value, ReadOnlySpan<byte> salt)
    {
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"A salt is {SaltSize} bytes.", nameof(salt));
        }
        var domain = Encoding.ASCII.GetBytes(Domain);
        var text = Encoding.UTF8.GetBytes(value);
        var input = new byte[domain.Length + 1 + SaltSize + text.Length];
        domain.CopyTo(input, 0);
        salt.CopyTo(input.AsSpan(domain.Length + 1));
        text.CopyTo(input, domain.Length + 1 + SaltSize);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    public static bool Matches(string value, ReadOnlySpan<byte> salt, string commitment) =>
        salt.Length == SaltSize && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Of(value, salt)), Encoding.ASCII.GetBytes(commitment.ToLowerInvariant()));
}
