using System.Globalization;
using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Ledger.Funds.Exports;

namespace Portal.Web.Api.Exports;

/// <summary>
/// Writes requests as an OCDS 1.1 release package: a contracting process per request (its ocid), a release for each
/// stage it has reached at the export's ledger state (docs/open-data.md maps each). Written release by release as
/// the requests stream in, so memory stays flat however many there are.
/// </summary>
public sealed class OcdsReleases(PublishingOptions publishing, ExportCatalogue catalogue, LedgerState state, string packageUri, string checkpointUrl)
{
    public const string Version = "1.1";

    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = false };

    /// <summary>The OCDS Enquiries extension, whose <c>tender.enquiries</c> carry citizens' feedback.</summary>
    public const string EnquiryExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/master/extension.json";

    /// <summary>
    /// Writes the whole package and returns how many releases it holds: the requests' releases, then one release for
    /// each feedback on them (read once the requests are written, from <paramref name="feedback"/>).
    /// </summary>
    public async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<RequestHistory> requests, Func<IAsyncEnumerable<FeedbackHistory>> feedback, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteString("uri", packageUri);
        json.WriteString("version", Version);
        // The time of the state, not of the request: a package at one tree size is the same bytes whenever it is made.
        json.WriteString("publishedDate", ExportFormat.Time(state.Timestamp));
        json.WriteStartObject("publisher");
        json.WriteString("name", publishing.OrganisationName);
        json.WriteString("scheme", SchemeOf(publishing.IatiOrgRef));
        json.WriteString("uid", publishing.IatiOrgRef);
        json.WriteEndObject();
        json.WriteString("license", publishing.License);
        // Not an OCDS field: the ledger state the package reflects, which anyone can check against the ledger.
        json.WriteStartObject("ledgerState");
        json.WriteNumber("treeSize", state.TreeSize);
        json.WriteString("checkpointSha256", state.CheckpointSha256.ToHex());
        json.WriteString("checkpoint", checkpointUrl);
        json.WriteEndObject();
        json.WriteStartArray("releases");
        var count = 0L;
        await foreach (var request in requests.WithCancellation(cancellationToken))
        {
            count += WriteReleases(json, request);
            if (json.BytesPending > 32 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        var enquiries = 0L;
        await foreach (var item in feedback().WithCancellation(cancellationToken))
        {
            Feedback(json, item);
            enquiries++;
            if (json.BytesPending > 32 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        // Declared after the releases, once it is known whether any release uses the extension.
        if (enquiries > 0)
        {
            json.WriteStartArray("extensions");
            json.WriteStringValue(EnquiryExtension);
            json.WriteEndArray();
        }
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return count + enquiries;
    }

    /// <summary>
    /// A feedback as a <c>tenderUpdate</c> release of its request's process: an enquiry (the OCDS Enquiries extension:
    /// its text, the department's latest answer), with Portal's fields for what OCDS has none for: the kind and
    /// category, the status, the commitment the entry holds and the salt that opens it, every answer, escalation,
    /// closing and hiding, each with the index of its ledger entry. Never a contact. Its state is the export's.
    /// </summary>
    private void Feedback(Utf8JsonWriter json, FeedbackHistory item)
    {
        var submitted = item.Submission;
        var latest = item.Latest;
        json.WriteStartObject();
        json.WriteString("ocid", Ocid(submitted.RequestId));
        json.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"{latest.LedgerIndex}-feedback-{submitted.FeedbackId}"));
        json.WriteString("date", ExportFormat.Time(latest.Time));
        json.WriteStartArray("tag");
        json.WriteStringValue("tenderUpdate");
        json.WriteEndArray();
        json.WriteString("initiationType", "tender");
        json.WriteStartObject("tender");
        json.WriteString("id", Id(submitted.RequestId));
        json.WriteStartArray("enquiries");
        json.WriteStartObject();
        json.WriteString("id", submitted.FeedbackId.ToString(CultureInfo.InvariantCulture));
        json.WriteString("date", ExportFormat.Time(item.Submitted.Time));
        json.WriteString("title", submitted.Category is { } category ? $"{submitted.Kind}: {category}" : submitted.Kind);
        if (item.Text is { } text)
        {
            json.WriteString("description", text);
        }
        if (item.Answers.LastOrDefault() is { } answered)
        {
            json.WriteString("answer", ((FeedbackAnswered)answered.Event).Text);
            json.WriteString("dateAnswered", ExportFormat.Time(answered.Time));
        }
        json.WriteString("kind", submitted.Kind);
        if (submitted.Category is not null)
        {
            json.WriteString("category", submitted.Category);
        }
        json.WriteString("status", item.Status);
        json.WriteString("record", submitted.Record);
        json.WriteNumber("recordId", submitted.RecordId);
        json.WriteNumber("ledgerIndex", item.Submitted.LedgerIndex);
        json.WriteString("textCommitment", submitted.TextCommitment);
        if (item.TextSalt is { } salt)
        {
            json.WriteString("textSalt", salt);
        }
        if (item.Hiding is null && submitted.PhotoSha256 is { Count: > 0 } photos)
        {
            json.WriteStartArray("photoSha256");
            foreach (var photo in photos)
            {
                json.WriteStringValue(photo);
            }
            json.WriteEndArray();
        }
        json.WriteStartArray("answers");
        foreach (var step in item.Answers)
        {
            var answer = (FeedbackAnswered)step.Event;
            json.WriteStartObject();
            json.WriteString("text", answer.Text);
            json.WriteString("department", answer.Department);
            json.WriteString("date", ExportFormat.Time(step.Time));
            json.WriteNumber("ledgerIndex", step.LedgerIndex);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("escalations");
        foreach (var step in item.Escalations)
        {
            json.WriteStartObject();
            json.WriteString("reason", ((FeedbackEscalated)step.Event).Reason);
            json.WriteString("date", ExportFormat.Time(step.Time));
            json.WriteNumber("ledgerIndex", step.LedgerIndex);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (item.Closing is { Event: FeedbackClosed closed } closing)
        {
            json.WriteStartObject("closed");
            json.WriteString("outcome", closed.Outcome);
            if (closed.Note is not null)
            {
                json.WriteString("note", closed.Note);
            }
            json.WriteString("date", ExportFormat.Time(closing.Time));
            json.WriteNumber("ledgerIndex", closing.LedgerIndex);
            json.WriteEndObject();
        }
        if (item.Hiding is { Event: FeedbackHidden hidden } hiding)
        {
            json.WriteStartObject("hidden");
            json.WriteString("role", hidden.Role);
            json.WriteString("reason", hidden.Reason);
            json.WriteString("date", ExportFormat.Time(hiding.Time));
            json.WriteNumber("ledgerIndex", hiding.LedgerIndex);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private string Ocid(long requestId) => string.Create(CultureInfo.InvariantCulture, $"{publishing.OcidPrefix}-{requestId}");

    private int WriteReleases(Utf8JsonWriter json, RequestHistory request)
    {
        var written = 0;
        var context = new Context(request, catalogue.Currency(request.Filing.FundId), catalogue.DepartmentName(request.Filing.Department));
        if (request.InWindow(request.Filed))
        {
            Release(json, context, request.Filed, "planning", () => Planning(json, context));
            written++;
        }
        foreach (var step in request.StepsInWindow)
        {
            switch (step.Event)
            {
                case RequestApproved { Final: true }:
                    Release(json, context, step, "award", () => Awards(json, context, step, "active"));
                    Release(json, context, step, "contract", () => Contracts(json, context, "active", implementation: false));
                    written += 2;
                    break;
                case RequestRejected:
                    Release(json, context, step, "award", () => Awards(json, context, step, "unsuccessful"));
                    written++;
                    break;
                case RequestCancelled when request.CancelledAfterApproval:
                    Release(json, context, step, "awardCancellation", () =>
                    {
                        Awards(json, context, step, "cancelled");
                        Contracts(json, context, "cancelled", implementation: false);
                    });
                    written++;
                    break;
                case RequestCancelled:
                    Release(json, context, step, "tenderCancellation", () =>
                    {
                        json.WriteStartObject("tender");
                        json.WriteString("id", Id(request.RequestId));
                        json.WriteString("status", "cancelled");
                        json.WriteEndObject();
                    });
                    written++;
                    break;
            }
        }
        // Payments, usage reports and returns are one implementation release: the contract's state at the export's size.
        if (request.StepsInWindow.LastOrDefault(s => s.Event is DisbursementConfirmed or UsageReported or FundsReturned) is { } latest)
        {
            Release(json, context, latest, "implementation", () => Contracts(json, context, request.IsClosed ? "terminated" : "active", implementation: true));
            written++;
        }
        return written;
    }

    private void Release(Utf8JsonWriter json, Context context, RequestStep step, string tag, Action body)
    {
        var filing = context.Request.Filing;
        json.WriteStartObject();
        json.WriteString("ocid", Ocid(filing.RequestId));
        // A release is identified within its process by the entry it reports and its stage.
        json.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"{step.LedgerIndex}-{tag}"));
        json.WriteString("date", ExportFormat.Time(step.Time));
        json.WriteStartArray("tag");
        json.WriteStringValue(tag);
        json.WriteEndArray();
        json.WriteString("initiationType", "tender");
        json.WriteString("language", ExportFormat.LanguageOf(filing.Purpose));
        json.WriteStartArray("parties");
        Party(json, Funder(), publishing.OrganisationName, "buyer", "funder", "payer");
        Party(json, Department(filing.Department), context.DepartmentName, "supplier", "payee");
        json.WriteEndArray();
        Reference(json, "buyer", Funder(), publishing.OrganisationName);
        body();
        json.WriteEndObject();
    }

    private void Planning(Utf8JsonWriter json, Context context)
    {
        var filing = context.Request.Filing;
        json.WriteStartObject("planning");
        json.WriteString("rationale", filing.Purpose);
        json.WriteStartObject("budget");
        json.WriteString("id", Id(filing.RequestId));
        json.WriteString("description", string.Create(CultureInfo.InvariantCulture,
            $"{catalogue.ProgramNameEn(filing.Program)}, {catalogue.RegionNameEn(filing.Region)} (GB/T 2260 {filing.Region}): {filing.Beneficiaries} beneficiaries"));
        Value(json, "amount", filing.Amount, context.Currency);
        json.WriteString("project", catalogue.ProgramName(filing.Program));
        json.WriteString("projectID", filing.Program);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Awards(Utf8JsonWriter json, Context context, RequestStep step, string status)
    {
        var filing = context.Request.Filing;
        json.WriteStartArray("awards");
        json.WriteStartObject();
        json.WriteString("id", Id(filing.RequestId));
        json.WriteString("status", status);
        json.WriteString("date", ExportFormat.Time(step.Time));
        Value(json, "value", filing.Amount, context.Currency);
        json.WriteStartArray("suppliers");
        Reference(json, null, Department(filing.Department), context.DepartmentName);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private void Contracts(Utf8JsonWriter json, Context context, string status, bool implementation)
    {
        var request = context.Request;
        json.WriteStartArray("contracts");
        json.WriteStartObject();
        json.WriteString("id", Id(request.RequestId));
        json.WriteString("awardID", Id(request.RequestId));
        json.WriteString("status", status);
        Value(json, "value", request.Filing.Amount, context.Currency);
        if (request.Decision is { Event: RequestApproved } approval)
        {
            json.WriteString("dateSigned", ExportFormat.Time(approval.Time));
        }
        if (implementation)
        {
            Implementation(json, context);
        }
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>
    /// Payments as transactions (a return is a negative one, as OCDS writes refunds); usage reports, which OCDS has
    /// no field for, as Portal's <c>usageReports</c>. Each id is the index of the ledger entry behind it.
    /// </summary>
    private void Implementation(Utf8JsonWriter json, Context context)
    {
        var request = context.Request;
        json.WriteStartObject("implementation");
        json.WriteStartArray("transactions");
        foreach (var step in request.StepsInWindow)
        {
            var amount = step.Event switch
            {
                DisbursementConfirmed p => p.Amount,
                FundsReturned r => -r.Amount,
                _ => (decimal?)null,
            };
            if (amount is not { } value)
            {
                continue;
            }
            json.WriteStartObject();
            json.WriteString("id", step.LedgerIndex.ToString(CultureInfo.InvariantCulture));
            json.WriteString("date", ExportFormat.Time(step.Time));
            Value(json, "value", value, context.Currency);
            Reference(json, "payer", Funder(), publishing.OrganisationName);
            Reference(json, "payee", Department(request.Filing.Department), context.DepartmentName);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("usageReports");
        foreach (var step in request.StepsInWindow)
        {
            if (step.Event is UsageReported usage)
            {
                json.WriteStartObject();
                json.WriteString("id", step.LedgerIndex.ToString(CultureInfo.InvariantCulture));
                json.WriteString("date", ExportFormat.Time(step.Time));
                Value(json, "value", usage.Amount, context.Currency);
                json.WriteString("category", usage.Category);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Party(Utf8JsonWriter json, string id, string name, params string[] roles)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("name", name);
        json.WriteStartArray("roles");
        foreach (var role in roles)
        {
            json.WriteStringValue(role);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>An organization reference ({ id, name }), as the property named or, without a name, an array item.</summary>
    private static void Reference(Utf8JsonWriter json, string? property, string id, string name)
    {
        if (property is null)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartObject(property);
        }
        json.WriteString("id", id);
        json.WriteString("name", name);
        json.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter json, string name, decimal amount, string currency)
    {
        json.WriteStartObject(name);
        json.WriteNumber("amount", ExportFormat.Amount(amount, currency));
        json.WriteString("currency", currency);
        json.WriteEndObject();
    }

    private string Funder() => publishing.IatiOrgRef;

    private static string Department(string code) => "department-" + code;

    private static string Id(long requestId) => requestId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The registration agency an IATI organisation identifier starts with (XI-IATI, CN-USC, ...).</summary>
    private static string SchemeOf(string orgRef)
    {
        var parts = orgRef.Split('-');
        return parts.Length >= 3 ? parts[0] + "-" + parts[1] : parts[0];
    }

    private sealed record Context(RequestHistory Request, string Currency, string DepartmentName);
}
