using System.Globalization;
using System.Xml;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Ledger.Funds.Exports;

namespace Portal.Web.Api.Exports;

/// <summary>
/// The newest disbursement records matching a filter as an Atom feed (RFC 4287), so a reader follows a county or a
/// programme in any feed reader. Its entries are the first page the JSON API lists at the same ledger state.
/// </summary>
/// <param name="origin">The portal's root address (scheme, host and path base), which record links start with.</param>
public sealed class DisbursementsAtom(PublishingOptions publishing, ExportCatalogue catalogue, LedgerState state, string origin, bool chinese)
{
    public const int Entries = 50;
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <param name="feedUrl">The feed's own address with its filters and without a tree size: its stable id.</param>
    public async Task WriteAsync(Stream stream, string feedUrl, IReadOnlyList<DisbursementItem> items)
    {
        await using var xml = XmlWriter.Create(stream, IatiActivities.Settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "feed", AtomNamespace);
        await xml.WriteAttributeStringAsync("xmlns", "portal", null, IatiActivities.PortalNamespace);
        await xml.WriteAttributeStringAsync("xml", "lang", null, chinese ? "zh" : "en");
        await xml.WriteElementStringAsync(null, "id", AtomNamespace, feedUrl);
        await xml.WriteElementStringAsync(null, "title", AtomNamespace, chinese ? $"{publishing.OrganisationName}：最新拨付" : $"{publishing.OrganisationNameEn}: newest disbursements");
        await xml.WriteElementStringAsync(null, "updated", AtomNamespace, ExportFormat.Utc(items.Count > 0 ? items[0].PaidAt : state.Timestamp));
        await LinkAsync(xml, "self", feedUrl, "application/atom+xml");
        await LinkAsync(xml, "alternate", origin + "/disbursements" + QueryOf(feedUrl), "text/html");
        await xml.WriteStartElementAsync(null, "author", AtomNamespace);
        await xml.WriteElementStringAsync(null, "name", AtomNamespace, chinese ? publishing.OrganisationName : publishing.OrganisationNameEn);
        await xml.WriteEndElementAsync();
        await IatiActivities.LedgerStateAsync(xml, state, origin + ExportManifest.CheckpointPath(state.TreeSize));
        foreach (var item in items)
        {
            await EntryAsync(xml, item);
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private async Task EntryAsync(XmlWriter xml, DisbursementItem item)
    {
        var record = origin + "/disbursements/" + item.Id.ToString(CultureInfo.InvariantCulture);
        var amount = ExportFormat.AmountText(item.Amount, item.Currency);
        var region = chinese ? catalogue.RegionName(item.Region) : catalogue.RegionNameEn(item.Region);
        var program = chinese ? catalogue.ProgramName(item.Program) : catalogue.ProgramNameEn(item.Program);
        var department = catalogue.DepartmentName(item.Department);
        await xml.WriteStartElementAsync(null, "entry", AtomNamespace);
        await xml.WriteElementStringAsync(null, "id", AtomNamespace, record);
        await xml.WriteElementStringAsync(null, "title", AtomNamespace, chinese
            ? $"{region}·{program}：已拨付 {amount} {item.Currency}"
            : $"{amount} {item.Currency} paid: {program}, {region}");
        await xml.WriteElementStringAsync(null, "updated", AtomNamespace, ExportFormat.Utc(item.PaidAt));
        await LinkAsync(xml, "alternate", record, "text/html");
        await xml.WriteStartElementAsync(null, "category", AtomNamespace);
        await xml.WriteAttributeStringAsync(null, "term", null, item.Program);
        await xml.WriteAttributeStringAsync(null, "label", null, program);
        await xml.WriteEndElementAsync();
        await xml.WriteElementStringAsync(null, "summary", AtomNamespace, chinese
            ? $"{department}于{ExportFormat.Date(item.PaidAt)}收到{amount} {item.Currency}（基金 {item.FundId}，地区代码 {item.Region}）。账本条目：{string.Join(", ", item.LedgerIndexes)}。"
            : $"{department} was paid {amount} {item.Currency} on {ExportFormat.Date(item.PaidAt)} (fund {item.FundId}, region code {item.Region}). Ledger entries: {string.Join(", ", item.LedgerIndexes)}.");
        await xml.WriteEndElementAsync();
    }

    private static async Task LinkAsync(XmlWriter xml, string rel, string href, string type)
    {
        await xml.WriteStartElementAsync(null, "link", AtomNamespace);
        await xml.WriteAttributeStringAsync(null, "rel", null, rel);
        await xml.WriteAttributeStringAsync(null, "type", null, type);
        await xml.WriteAttributeStringAsync(null, "href", null, href);
        await xml.WriteEndElementAsync();
    }

    private static string QueryOf(string path) => path.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? path[at..] : "";
}
