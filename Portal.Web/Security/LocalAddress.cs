using Microsoft.AspNetCore.Http.HttpResults;

namespace Portal.Web.Security;

/// <summary>
/// Where the portal may send a visitor back to (after choosing a language, after signing in): an address on this site,
/// never another (no open redirect: <c>//host</c> and <c>/\host</c> are other sites to a browser), written as a Location
/// header can carry it.
/// </summary>
public static class LocalAddress
{
    /// <summary>The address when it is local, made header-safe; otherwise the home page.</summary>
    public static string OrHome(string? url) => RedirectHttpResult.IsLocalUrl(url) ? HeaderSafe(url!) : "/";

    /// <summary>
    /// The address as a Location header may carry it: every character outside printable ASCII (a Chinese query, an
    /// inverted question mark a scanner sent) percent-encoded as UTF-8; what is already encoded stays as it is.
    /// </summary>
    private static string HeaderSafe(string url)
    {
        var text = new System.Text.StringBuilder(url.Length);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (c is > ' ' and < '\x7f')
            {
                text.Append(c);
                continue;
            }
            // A surrogate pair is one character; a lone surrogate has no UTF-8 form and becomes U+FFFD.
            var length = char.IsHighSurrogate(c) && i + 1 < url.Length && char.IsLowSurrogate(url[i + 1])
                ? System.Text.Encoding.UTF8.GetBytes(url.AsSpan(i++, 2), bytes)
                : System.Text.Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : c.ToString(), bytes);
            foreach (var b in bytes[..length])
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}
