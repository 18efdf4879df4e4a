using System.Globalization;
using System.Text;
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

    public static XmlWriterSettings Settings { get; } = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = " ",
        CloseOutput = false,
    };

    /// <summary>Writes the whole document and returns how many activities it holds.</summary>
    public async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<RequestHistory> requests, CancellationToken cancellationToken)
    {
        await using var xml = XmlWriter.Create(stream, Settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "iati-activities", null);
        await xml.WriteAttributeStringAsync(null, "version", null, Version);
        // The time of the state, not of the request: a file at one tree size is the same bytes whenever it is made.
        await xml.WriteAttributeStringAsync(null, "generated-datetime", null, ExportFormat.Time(state.Timestamp));
        await xml.WriteAttributeStringAsync("xmlns", "portal", null, PortalNamespace);
        await xml.WriteCommentAsync(string.Create(CultureInfo.InvariantCulture,
            $" Ledger state: tree size {state.TreeSize}; checkpoint SHA-256 {state.CheckpointSha256.ToHex()} ({checkpointUrl}). Every transaction's ref is the index of the ledger entry that records it. "));
        var count = 0L;
        await foreach (var request in requests.WithCancellation(cancellationToken))
        {
            await ActivityAsync(xml, request);
            if (++count % 256 == 0)
            {
                await xml.FlushAsync();
            }
        }
        await LedgerStateAsync(xml, state, checkpointUrl);
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
        return count;
    }

    /// <summary>The ledger state as Portal's extension element, which the IATI and Atom files carry.</summary>
    public static async Task LedgerStateAsync(XmlWriter xml, LedgerState state, string checkpointUrl)
    {
        await xml.WriteStartElementAsync("portal", "ledger-state", PortalNamespace);
        await xml.WriteElementStringAsync("portal", "tree-size", PortalNamespace, state.TreeSize.ToString(CultureInfo.InvariantCulture));
        await xml.WriteElementStringAsync("portal", "checkpoint-sha256", PortalNamespace, state.CheckpointSha256.ToHex());
        await xml.WriteElementStringAsync("portal", "checkpoint", PortalNamespace, checkpointUrl);
        await xml.WriteEndElementAsync();
    }

    private async Task ActivityAsync(XmlWriter xml, RequestHistory request)
    {
        var filing = request.Filing;
        var currency = catalogue.Currency(filing.FundId);
        var regionEn = catalogue.RegionNameEn(filing.Region);
        var programEn = catalogue.ProgramNameEn(filing.Program);
        var department = catalogue.DepartmentName(filing.Department);
        await xml.WriteStartElementAsync(null, "iati-activity", null);
        await xml.WriteAttributeStringAsync(null, "last-updated-datetime", null, ExportFormat.Time(request.Latest.Time));
        await xml.WriteAttributeStringAsync("xml", "lang", XmlNamespace, "zh");
        await xml.WriteAttributeStringAsync(null, "default-currency", null, currency);
        await xml.WriteElementStringAsync(null, "iati-identifier", null, Identifier(filing));

        await xml.WriteStartElementAsync(null, "reporting-org", null);
        await xml.WriteAttributeStringAsync(null, "ref", null, publishing.IatiOrgRef);
        await xml.WriteAttributeStringAsync(null, "type", null, publishing.IatiOrgType);
        await NarrativesAsync(xml, publishing.OrganisationName, publishing.OrganisationNameEn);
        await xml.WriteEndElementAsync();

        await xml.WriteStartElementAsync(null, "title", null);
        await NarrativesAsync(xml,
            string.Create(CultureInfo.InvariantCulture, $"{catalogue.RegionName(filing.Region)}{catalogue.ProgramName(filing.Program)}（申请{filing.RequestId}）"),
            string.Create(CultureInfo.InvariantCulture, $"{programEn}, {regionEn} (request {filing.RequestId})"));
        await xml.WriteEndElementAsync();

        // The purpose as filed, in the language it was written in; who benefits, in both.
        await xml.WriteStartElementAsync(null, "description", null);
        await xml.WriteAttributeStringAsync(null, "type", null, "1");
        await xml.WriteStartElementAsync(null, "narrative", null);
        await xml.WriteAttributeStringAsync("xml", "lang", XmlNamespace, ExportFormat.LanguageOf(filing.Purpose));
        await xml.WriteStringAsync(filing.Purpose);
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteStartElementAsync(null, "description", null);
        await xml.WriteAttributeStringAsync(null, "type", null, "3");
        await NarrativesAsync(xml,
            string.Create(CultureInfo.InvariantCulture, $"受益人数：{filing.Beneficiaries}"),
            string.Create(CultureInfo.InvariantCulture, $"Beneficiaries: {filing.Beneficiaries}"));
        await xml.WriteEndElementAsync();

        await OrganisationAsync(xml, "participating-org", role: "1", publishing.IatiOrgRef, publishing.IatiOrgType, publishing.OrganisationName, publishing.OrganisationNameEn);
        await OrganisationAsync(xml, "participating-org", role: "4", reference: null, type: "10", department, englishName: null);

        await CodeAsync(xml, "activity-status", Status(request));
        await DateAsync(xml, "1", request.Filed.Time);
        if (request.Decision is { Event: RequestApproved } approved)
        {
            await DateAsync(xml, "2", approved.Time);
        }
        if (End(request) is { } end)
        {
            await DateAsync(xml, "4", end);
        }
        await CodeAsync(xml, "recipient-country", "CN");
        await LocationAsync(xml, filing.Region);

        await xml.WriteStartElementAsync(null, "sector", null);
        await xml.WriteAttributeStringAsync(null, "vocabulary", null, "99");
        await xml.WriteAttributeStringAsync(null, "code", null, filing.Program);
        await NarrativesAsync(xml, catalogue.ProgramName(filing.Program), programEn);
        await xml.WriteEndElementAsync();

        await CodeAsync(xml, "default-finance-type", "110");
        await BudgetAsync(xml, request, currency);
        foreach (var step in request.StepsInWindow)
        {
            await TransactionAsync(xml, request, step, currency, department);
        }
        await xml.WriteEndElementAsync();
    }

    public string Identifier(RequestFiled filing) =>
        string.Create(CultureInfo.InvariantCulture, $"{publishing.IatiOrgRef}-{filing.FundId}-{filing.RequestId}");

    /// <summary>IATI ActivityStatus: 1 pipeline (filed), 2 implementation, 3 finalisation (paid in full), 4 closed, 5 cancelled (or rejected).</summary>
    public static string Status(RequestHistory request) => request.State switch
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

    private async Task LocationAsync(XmlWriter xml, string region)
    {
        // GB/T 2260 is no IATI geographic vocabulary: the code goes in the location's ref and its description.
        await xml.WriteStartElementAsync(null, "location", null);
        await xml.WriteAttributeStringAsync(null, "ref", null, region);
        await CodeAsync(xml, "location-reach", "2");
        await xml.WriteStartElementAsync(null, "name", null);
        await NarrativesAsync(xml, catalogue.RegionName(region), catalogue.RegionNameEn(region));
        await xml.WriteEndElementAsync();
        await xml.WriteStartElementAsync(null, "description", null);
        await NarrativesAsync(xml, $"行政区划代码（GB/T 2260）：{region}", $"Administrative division code (GB/T 2260): {region}");
        await xml.WriteEndElementAsync();
        await CodeAsync(xml, "location-class", "1");
        await xml.WriteEndElementAsync();
    }

    /// <summary>The amount requested, as the activity's indicative budget over its fund's period.</summary>
    private async Task BudgetAsync(XmlWriter xml, RequestHistory request, string currency)
    {
        if (!catalogue.Funds.TryGetValue(request.Filing.FundId, out var fund))
        {
            return;
        }
        await xml.WriteStartElementAsync(null, "budget", null);
        await xml.WriteAttributeStringAsync(null, "type", null, "1");
        await xml.WriteAttributeStringAsync(null, "status", null, "1");
        await IsoDateAsync(xml, "period-start", fund.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await IsoDateAsync(xml, "period-end", fund.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await ValueAsync(xml, request.Filing.Amount, currency, request.Filed.Time);
        await xml.WriteEndElementAsync();
    }

    /// <summary>
    /// A step as a transaction: 2 commitment (the final approval; a negative one when a cancellation releases it),
    /// 3 disbursement (a bank's confirmation; a negative one for funds returned), 4 expenditure (a usage report).
    /// Filings, sign-offs short of the last and rejections move no money and are not transactions.
    /// </summary>
    private async Task TransactionAsync(XmlWriter xml, RequestHistory request, RequestStep step, string currency, string department)
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
        await xml.WriteStartElementAsync(null, "transaction", null);
        await xml.WriteAttributeStringAsync(null, "ref", null, step.LedgerIndex.ToString(CultureInfo.InvariantCulture));
        await CodeAsync(xml, "transaction-type", t.Type);
        await IsoDateAsync(xml, "transaction-date", ExportFormat.Date(step.Time));
        await ValueAsync(xml, t.Value, currency, step.Time);
        await xml.WriteStartElementAsync(null, "description", null);
        await NarrativesAsync(xml, t.Zh, t.En);
        await xml.WriteEndElementAsync();
        if (t.Type == "3")
        {
            // A return keeps the payment's direction with a negative value, as IATI reports refunds.
            await OrganisationAsync(xml, "provider-org", role: null, publishing.IatiOrgRef, publishing.IatiOrgType, publishing.OrganisationName, publishing.OrganisationNameEn);
            await OrganisationAsync(xml, "receiver-org", role: null, reference: null, type: "10", department, englishName: null);
        }
        await xml.WriteEndElementAsync();
    }

    private static async Task OrganisationAsync(XmlWriter xml, string element, string? role, string? reference, string type, string name, string? englishName)
    {
        await xml.WriteStartElementAsync(null, element, null);
        if (reference is not null)
        {
            await xml.WriteAttributeStringAsync(null, "ref", null, reference);
        }
        await xml.WriteAttributeStringAsync(null, "type", null, type);
        if (role is not null)
        {
            await xml.WriteAttributeStringAsync(null, "role", null, role);
        }
        await NarrativesAsync(xml, name, englishName);
        await xml.WriteEndElementAsync();
    }

    private static async Task ValueAsync(XmlWriter xml, decimal value, string currency, DateTimeOffset date)
    {
        await xml.WriteStartElementAsync(null, "value", null);
        await xml.WriteAttributeStringAsync(null, "currency", null, currency);
        await xml.WriteAttributeStringAsync(null, "value-date", null, ExportFormat.Date(date));
        await xml.WriteStringAsync(ExportFormat.AmountText(value, currency));
        await xml.WriteEndElementAsync();
    }

    /// <summary>A Chinese narrative (the activity's default language) and, when there is one, an English one.</summary>
    private static async Task NarrativesAsync(XmlWriter xml, string chinese, string? english)
    {
        await xml.WriteElementStringAsync(null, "narrative", null, chinese);
        if (english is not null)
        {
            await xml.WriteStartElementAsync(null, "narrative", null);
            await xml.WriteAttributeStringAsync("xml", "lang", XmlNamespace, "en");
            await xml.WriteStringAsync(english);
            await xml.WriteEndElementAsync();
        }
    }

    private static async Task CodeAsync(XmlWriter xml, string element, string code)
    {
        await xml.WriteStartElementAsync(null, element, null);
        await xml.WriteAttributeStringAsync(null, "code", null, code);
        await xml.WriteEndElementAsync();
    }

    private static async Task DateAsync(XmlWriter xml, string type, DateTimeOffset time)
    {
        await xml.WriteStartElementAsync(null, "activity-date", null);
        await xml.WriteAttributeStringAsync(null, "type", null, type);
        await xml.WriteAttributeStringAsync(null, "iso-date", null, ExportFormat.Date(time));
        await xml.WriteEndElementAsync();
    }

    private static async Task IsoDateAsync(XmlWriter xml, string element, string date)
    {
        await xml.WriteStartElementAsync(null, element, null);
        await xml.WriteAttributeStringAsync(null, "iso-date", null, date);
        await xml.WriteEndElementAsync();
    }
}
