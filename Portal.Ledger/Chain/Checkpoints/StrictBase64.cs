using System.Text.RegularExpressions;

namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// The one base64 rule of notes, keys and checkpoints, shared with the browser verifier (verify.js): the standard
/// alphabet, padded to a multiple of four, nothing else (no whitespace, no URL-safe letters, no missing padding).
/// A looser decoder would let two different texts stand for the same signature or root.
/// </summary>
public static partial class StrictBase64
{
    /// <exception cref="FormatException">The text is not canonical padded base64.</exception>
    public static byte[] Decode(string text, string what)
    {
        if (text.Length % 4 != 0 || !Canonical().IsMatch(text))
        {
            throw new FormatException($"The {what} is not standard padded base64.");
        }
        var bytes = Convert.FromBase64String(text);
        // Unused bits in the last character must be zero, or two texts would decode alike.
        if (Convert.ToBase64String(bytes) != text)
        {
            throw new FormatException($"The {what} is not canonical base64.");
        }
        return bytes;
    }

    [GeneratedRegex("^[A-Za-z0-9+/]*={0,2}$")]
    private static partial Regex Canonical();
}
