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
    /// <param name="pageUrl">The explorer page that lists the same records, when its filters can say the feed's.</param>
    public async Task WriteAsync(Stream stream, string feedUrl, string? pageUrl, IReadOnlyList<DisbursementItem> items, CancellationToken cancellationToken)
    {
        await using var buffered = new BufferedXml(stream);
        var xml = buffered.Writer;
        xml.WriteStartDocument();
        xml.WriteStartElement(null, "feed", AtomNamespace);
        xml.WriteAttributeString("xmlns", "portal", null, IatiActivities.PortalNamespace);
        xml.WriteAttributeString("xml", "lang", null, chinese ? "zh" : "en");
        xml.WriteElementString(null, "id", AtomNamespace, feedUrl);
        xml.WriteElementString(null, "title", AtomNamespace, chinese ? $"{publishing.OrganisationName}：最新拨付" : $"{publishing.OrganisationNameEn}: newest disbursements");
        xml.WriteElementString(null, "updated", AtomNamespace, ExportFormat.Utc(items.Count > 0 ? items[0].PaidAt : state.Timestamp));
        Link(xml, "self", feedUrl, "application/atom+xml");
        if (pageUrl is not null)
        {
            Link(xml, "alternate", pageUrl, "text/html");
        }
        xml.WriteStartElement(null, "author", AtomNamespace);
        xml.WriteElementString(null, "name", AtomNamespace, chinese ? publishing.OrganisationName : publishing.OrganisationNameEn);
        xml.WriteEndElement();
        IatiActivities.WriteLedgerState(xml, state, origin + ExportManifest.CheckpointPath(state.TreeSize));
        foreach (var item in items)
        {
            Entry(xml, item);
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await buffered.DrainAsync(cancellationToken, force: true);
    }

    private void Entry(XmlWriter xml, DisbursementItem item)
    {
        var record = origin + "/disbursements/" + item.Id.ToString(CultureInfo.InvariantCulture);
        var amount = ExportFormat.AmountText(item.Amount, item.Currency);
        var region = ExportFormat.XmlText(chinese ? catalogue.RegionName(item.Region) : catalogue.RegionNameEn(item.Region));
        var program = ExportFormat.XmlText(chinese ? catalogue.ProgramName(item.Program) : catalogue.ProgramNameEn(item.Program));
        var department = ExportFormat.XmlText(catalogue.DepartmentName(item.Department));
        xml.WriteStartElement(null, "entry", AtomNamespace);
        xml.WriteElementString(null, "id", AtomNamespace, record);
        xml.WriteElementString(null, "title", AtomNamespace, chinese
            ? $"{region}·{program}：已拨付 {amount} {item.Currency}"
            : $"{amount} {item.Currency} paid: {program}, {region}");
        xml.WriteElementString(null, "updated", AtomNamespace, ExportFormat.Utc(item.PaidAt));
        Link(xml, "alternate", record, "text/html");
        xml.WriteStartElement(null, "category", AtomNamespace);
        xml.WriteAttributeString(null, "term", null, item.Program);
        xml.WriteAttributeString(null, "label", null, program);
        xml.WriteEndElement();
        xml.WriteElementString(null, "summary", AtomNamespace, chinese
            ? $"{department}于{ExportFormat.Date(item.PaidAt)}收到{amount} {item.Currency}（基金 {item.FundId}，地区代码 {item.Region}）。账本条目：{string.Join(", ", item.LedgerIndexes)}。"
            : $"{department} was paid {amount} {item.Currency} on {ExportFormat.Date(item.PaidAt)} (fund {item.FundId}, region code {item.Region}). Ledger entries: {string.Join(", ", item.LedgerIndexes)}.");
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement(null, "link", AtomNamespace);
        xml.WriteAttributeString(null, "rel", null, rel);
        xml.WriteAttributeString(null, "type", null, type);
        xml.WriteAttributeString(null, "href", null, href);
        xml.WriteEndElement();
    }

}
