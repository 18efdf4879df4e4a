using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Explorer;

/// <summary>
/// The explorer's downloads, each carrying the page's filters so that a file never ignores them. The IATI and OCDS
/// files list whole requests and take no amount bounds (which select payments): with bounds set they are null, and
/// the page says why instead of offering a file that would quietly hold more than the page shows.
/// </summary>
public sealed record ExplorerDownloads(string Csv, string? Iati, string? Ocds, string Atom)
{
    public static ExplorerDownloads For(ExplorerQuery query, NavigationManager navigation)
    {
        var parameters = query.ToApiParameters();
        // Without amount bounds the same parameters select whole requests (the absent bounds go as nothing).
        var wholeRequests = query.MinAmount is null && query.MaxAmount is null;
        return new ExplorerDownloads(
            navigation.GetUriWithQueryParameters("/api/disbursements.csv", parameters),
            wholeRequests ? navigation.GetUriWithQueryParameters("/api/iati/activities.xml", parameters) : null,
            wholeRequests ? navigation.GetUriWithQueryParameters("/api/ocds/releases.json", parameters) : null,
            navigation.GetUriWithQueryParameters("/api/disbursements.atom", parameters));
    }
}
