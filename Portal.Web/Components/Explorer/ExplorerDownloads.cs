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
        var records = query.ToApiParameters();
        var requests = query.MinAmount is null && query.MaxAmount is null
            ? records.Where(p => p.Key is not ("minAmount" or "maxAmount")).ToDictionary()
            : null;
        return new ExplorerDownloads(
            navigation.GetUriWithQueryParameters("/api/disbursements.csv", records),
            requests is null ? null : navigation.GetUriWithQueryParameters("/api/iati/activities.xml", requests),
            requests is null ? null : navigation.GetUriWithQueryParameters("/api/ocds/releases.json", requests),
            navigation.GetUriWithQueryParameters("/api/disbursements.atom", records));
    }
}
