using System.Globalization;
using System.Xml;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Ledger.Funds.Exports;

namespace Portal.Web.Api.Exports;

/// <summary>
/// Writes requests as an IATI 2.03 activity file: one <c>iati-activity</c> per request, its transactions the
/// ledger's steps (docs/open-data.md maps each). Written element by element as the requests stream in, so memory
/// stays flat however many there are.
/// </summary>
public sealed class IatiActivities(PublishingOptions publishing, ExportCatalogue catalogue, LedgerState state, string checkpointUrl)
{
    public const string Version = "2.03";

    /// <summary>Portal's own namespace for what IATI has no element for: the ledger state the file reflects.</summary>
    public const string PortalNamespace = "urn:portal:open-data:1";

    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    /// <summary>Writes the whole document and returns how many activities it holds.</summary>
    public async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<RequestHistory> requests, CancellationToken cancellationToken)
    {
        await using var buffered = new BufferedXml(stream);
        var xml = buffered.Writer;
        xml.WriteStartDocument();
        xml.WriteStartElement(null, "iati-activities", null);
        xml.WriteAttributeString(null, "version", null, Version);
        // The time of the state, not of the request: a file at one tree size is the same bytes whenever it is made.
        xml.WriteAttributeString(null, "generated-datetime", null, ExportFormat.Time(state.Timestamp));
        xml.WriteAttributeString("xmlns", "portal", null, PortalNamespace);
        xml.WriteComment(string.Create(CultureInfo.InvariantCulture,
            $" Ledger state: tree size {state.TreeSize}; checkpoint SHA-256 {state.CheckpointSha256.ToHex()} ({checkpointUrl}). Every transaction's ref is the index of the ledger entry that records it. "));
        var count = 0L;
        await foreach (var request in requests.WithCancellation(cancellationToken))
        {
            Activity(xml, request);
            count++;
            await buffered.DrainAsync(cancellationToken);
        }
        WriteLedgerState(xml, state, checkpointUrl);
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await buffered.DrainAsync(cancellationToken, force: true);
        return count;
    }

    /// <summary>The ledger state as Portal's extension element, which the IATI and Atom files carry.</summary>
    public static void WriteLedgerState(XmlWriter xml, LedgerState state, string checkpointUrl)
    {
        xml.WriteStartElement("portal", "ledger-state", PortalNamespace);
        xml.WriteElementString("portal", "tree-size", PortalNamespace, state.TreeSize.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("portal", "checkpoint-sha256", PortalNamespace, state.CheckpointSha256.ToHex());
        xml.WriteElementString("portal", "checkpoint", PortalNamespace, checkpointUrl);
        xml.WriteEndElement();
    }

    private void Activity(XmlWriter xml, RequestHistory request)
    {
        var filing = request.Filing;
        var currency = catalogue.Currency(filing.FundId);
        var regionEn = catalogue.RegionNameEn(filing.Region);
        var programEn = catalogue.ProgramNameEn(filing.Program);
        var department = catalogue.DepartmentName(filing.Department);
        xml.WriteStartElement(null, "iati-activity", null);
        xml.WriteAttributeString(null, "last-updated-datetime", null, ExportFormat.Time(request.Latest.Time));
        xml.WriteAttributeString("xml", "lang", XmlNamespace, "zh");
        xml.WriteAttributeString(null, "default-currency", null, currency);
        xml.WriteElementString(null, "iati-identifier", null, Identifier(filing));

        xml.WriteStartElement(null, "reporting-org", null);
        xml.WriteAttributeString(null, "ref", null, publishing.IatiOrgRef);
        xml.WriteAttributeString(null, "type", null, publishing.IatiOrgType);
        Narratives(xml, publishing.OrganisationName, publishing.OrganisationNameEn);
        xml.WriteEndElement();

        xml.WriteStartElement(null, "title", null);
        Narratives(xml,
            string.Create(CultureInfo.InvariantCulture, $"{catalogue.RegionName(filing.Region)}{catalogue.ProgramName(filing.Program)}（申请{filing.RequestId}）"),
            string.Create(CultureInfo.InvariantCulture, $"{programEn}, {regionEn} (request {filing.RequestId})"));
        xml.WriteEndElement();

        // The purpose as filed, in the language it was written in; who benefits, in both.
        xml.WriteStartElement(null, "description", null);
        xml.WriteAttributeString(null, "type", null, "1");
        xml.WriteStartElement(null, "narrative", null);
        xml.WriteAttributeString("xml", "lang", XmlNamespace, ExportFormat.LanguageOf(filing.Purpose));
        xml.WriteString(ExportFormat.XmlText(filing.Purpose));
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement(null, "description", null);
        xml.WriteAttributeString(null, "type", null, "3");
        Narratives(xml,
            string.Create(CultureInfo.InvariantCulture, $"受益人数：{filing.Beneficiaries}"),
            string.Create(CultureInfo.InvariantCulture, $"Beneficiaries: {filing.Beneficiaries}"));
        xml.WriteEndElement();

        Organisation(xml, "participating-org", role: "1", publishing.IatiOrgRef, publishing.IatiOrgType, publishing.OrganisationName, publishing.OrganisationNameEn);
        Organisation(xml, "participating-org", role: "4", reference: null, type: "10", department, englishName: null);

        Code(xml, "activity-status", Status(request));
        Date(xml, "1", request.Filed.Time);
        if (request.Decision is { Event: RequestApproved } approved)
        {
            Date(xml, "2", approved.Time);
        }
        if (End(request) is { } end)
        {
            Date(xml, "4", end);
        }
        Code(xml, "recipient-country", "CN");
        Location(xml, filing.Region);

        xml.WriteStartElement(null, "sector", null);
        xml.WriteAttributeString(null, "vocabulary", null, "99");
        xml.WriteAttributeString(null, "code", null, filing.Program);
        Narratives(xml, catalogue.ProgramName(filing.Program), programEn);
        xml.WriteEndElement();

        Code(xml, "default-finance-type", "110");
        Budget(xml, request, currency);
        foreach (var step in request.StepsInWindow)
        {
            Transaction(xml, request, step, currency, department);
        }
        xml.WriteEndElement();
    }

    private string Identifier(RequestFiled filing) =>
        string.Create(CultureInfo.InvariantCulture, $"{publishing.IatiOrgRef}-{filing.FundId}-{filing.RequestId}");

    /// <summary>IATI ActivityStatus: 1 pipeline (filed), 2 implementation, 3 finalisation (paid in full), 4 closed, 5 cancelled (or rejected).</summary>
    private static string Status(RequestHistory request) => request.State switch
    {
        RequestState.Pending => "1",
        RequestState.Rejected or RequestState.Cancelled => "5",
        _ when request.IsClosed => "4",
        _ when request.Disbursed >= request.Filing.Amount => "3",
        _ => "2",
    };

    private static DateTimeOffset? End(RequestHistory request) => request.State switch
    {
        RequestState.Rejected => request.Decision!.Time,
        RequestState.Cancelled => request.Cancellation!.Time,
        _ when request.IsClosed => request.Latest.Time,
        _ => null,
    };

    private void Location(XmlWriter xml, string region)
    {
        // GB/T 2260 is no IATI geographic vocabulary: the code goes in the location's ref and its description.
        xml.WriteStartElement(null, "location", null);
        xml.WriteAttributeString(null, "ref", null, region);
        Code(xml, "location-reach", "2");
        xml.WriteStartElement(null, "name", null);
        Narratives(xml, catalogue.RegionName(region), catalogue.RegionNameEn(region));
        xml.WriteEndElement();
        xml.WriteStartElement(null, "description", null);
        Narratives(xml, $"行政区划代码（GB/T 2260）：{region}", $"Administrative division code (GB/T 2260): {region}");
        xml.WriteEndElement();
        Code(xml, "location-class", "1");
        xml.WriteEndElement();
    }

    /// <summary>The amount requested, as the activity's indicative budget over its fund's period.</summary>
    private void Budget(XmlWriter xml, RequestHistory request, string currency)
    {
        if (!catalogue.Funds.TryGetValue(request.Filing.FundId, out var fund))
        {
            return;
        }
        xml.WriteStartElement(null, "budget", null);
        xml.WriteAttributeString(null, "type", null, "1");
        xml.WriteAttributeString(null, "status", null, "1");
        IsoDate(xml, "period-start", fund.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        IsoDate(xml, "period-end", fund.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Value(xml, request.Filing.Amount, currency, request.Filed.Time);
        xml.WriteEndElement();
    }

    /// <summary>
    /// A step as a transaction: 2 commitment (the final approval; a negative one when a cancellation releases it),
    /// 3 disbursement (a bank's confirmation; a negative one for funds returned), 4 expenditure (a usage report).
    /// Filings, sign-offs short of the last and rejections move no money and are not transactions.
    /// </summary>
    private void Transaction(XmlWriter xml, RequestHistory request, RequestStep step, string currency, string department)
    {
        var amount = request.Filing.Amount;
        (string Type, decimal Value, string Zh, string En)? transaction = step.Event switch
        {
            RequestApproved { Final: true } => ("2", amount, "批准，承诺拨付", "Approved: funds committed"),
            RequestCancelled when request.CancelledAfterApproval => ("2", -amount, "申请撤销，承诺释放", "Request cancelled: commitment released"),
            DisbursementConfirmed p => ("3", p.Amount, "银行确认付款", "Payment confirmed by the bank"),
            FundsReturned r => ("3", -r.Amount, "未用资金退回", "Unused funds returned to the fund"),
            UsageReported u => ("4", u.Amount, $"使用报告：{u.Category}", $"Usage reported: {u.Category}"),
            _ => null,
        };
        if (transaction is not { } t)
        {
            return;
        }
        xml.WriteStartElement(null, "transaction", null);
        xml.WriteAttributeString(null, "ref", null, step.LedgerIndex.ToString(CultureInfo.InvariantCulture));
        Code(xml, "transaction-type", t.Type);
        IsoDate(xml, "transaction-date", ExportFormat.Date(step.Time));
        Value(xml, t.Value, currency, step.Time);
        xml.WriteStartElement(null, "description", null);
        Narratives(xml, t.Zh, t.En);
        xml.WriteEndElement();
        if (t.Type == "3")
        {
            // A return keeps the payment's direction with a negative value, as IATI reports refunds.
            Organisation(xml, "provider-org", role: null, publishing.IatiOrgRef, publishing.IatiOrgType, publishing.OrganisationName, publishing.OrganisationNameEn);
            Organisation(xml, "receiver-org", role: null, reference: null, type: "10", department, englishName: null);
        }
        xml.WriteEndElement();
    }

    private static void Organisation(XmlWriter xml, string element, string? role, string? reference, string type, string name, string? englishName)
    {
        xml.WriteStartElement(null, element, null);
        if (reference is not null)
        {
            xml.WriteAttributeString(null, "ref", null, reference);
        }
        xml.WriteAttributeString(null, "type", null, type);
        if (role is not null)
        {
            xml.WriteAttributeString(null, "role", null, role);
        }
        Narratives(xml, name, englishName);
        xml.WriteEndElement();
    }

    private static void Value(XmlWriter xml, decimal value, string currency, DateTimeOffset date)
    {
        xml.WriteStartElement(null, "value", null);
        xml.WriteAttributeString(null, "currency", null, currency);
        xml.WriteAttributeString(null, "value-date", null, ExportFormat.Date(date));
        xml.WriteString(ExportFormat.AmountText(value, currency));
        xml.WriteEndElement();
    }

    /// <summary>A Chinese narrative (the activity's default language) and, when there is one, an English one.</summary>
    private static void Narratives(XmlWriter xml, string chinese, string? english)
    {
        xml.WriteElementString(null, "narrative", null, ExportFormat.XmlText(chinese));
        // A name without an English form (an optional field) gets no empty narrative.
        if (!string.IsNullOrEmpty(english))
        {
            xml.WriteStartElement(null, "narrative", null);
            xml.WriteAttributeString("xml", "lang", XmlNamespace, "en");
            xml.WriteString(ExportFormat.XmlText(english));
            xml.WriteEndElement();
        }
    }

    private static void Code(XmlWriter xml, string element, string code)
    {
        xml.WriteStartElement(null, element, null);
        xml.WriteAttributeString(null, "code", null, code);
        xml.WriteEndElement();
    }

    private static void Date(XmlWriter xml, string type, DateTimeOffset time)
    {
        xml.WriteStartElement(null, "activity-date", null);
        xml.WriteAttributeString(null, "type", null, type);
        xml.WriteAttributeString(null, "iso-date", null, ExportFormat.Date(time));
        xml.WriteEndElement();
    }

    private static void IsoDate(XmlWriter xml, string element, string date)
    {
        xml.WriteStartElement(null, element, null);
        xml.WriteAttributeString(null, "iso-date", null, date);
        xml.WriteEndElement();
    }
}
