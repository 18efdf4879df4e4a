using System.Globalization;
using System.Text.Json.Serialization;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;

namespace Portal.Web.Components;

/// <summary>
/// What a page shows, handed to the browser verifier (wwwroot/js/verify.js) as data: each value with the ledger
/// entry and the field that must hold it. The verifier decodes every entry from its signed leaf and names any value
/// that differs, so a changed read model cannot show another amount, place or date than was signed.
/// </summary>
public static class ShownValues
{
    /// <param name="Label">Names the value in the verifier's messages (a code wwwroot/js/verify-text.js writes out).</param>
    /// <param name="Field">A payload field, or <c>@kind</c>, <c>@actor</c>, <c>@time</c> (Unix ms) or <c>@payload</c> (the whole text) of the leaf.</param>
    /// <param name="Type"><c>money</c> (compared to the cent), <c>time</c>, <c>text</c>, or <c>commitment</c>: the entry holds
    /// the commitment to the text shown, which with <paramref name="Salt"/> must open it.</param>
    /// <param name="Salt">The salt (hex) of a <c>commitment</c>.</param>
    public sealed record Value(string Label, long Index, string Field, string Shown, string Type = "text",
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Salt = null);

    /// <summary>A total shown on the page: the sum of <c>amount</c> over the checked entries of one kind.</summary>
    public sealed record Sum(string Label, string Kind, string Shown);

    /// <param name="RequestId">When set, the checked entries must be the request's unbroken chain of events from its filing.</param>
    public sealed record Claims(long? RequestId, IReadOnlyList<Value> Values, IReadOnlyList<Sum> Sums);

    public static Claims ForRecord(DisbursementDetail r, IReadOnlyList<FeedbackItem> feedback)
    {
        var values = new List<Value>
        {
            new("amount-paid", r.LedgerIndex, "amount", Money(r.Amount), "money"),
            new("paid-at", r.LedgerIndex, "@time", Time(r.PaidAt), "time"),
            new("record-number", r.LedgerIndex, "disbursementId", Text(r.Id)),
            new("request-number", r.LedgerIndex, "requestId", Text(r.RequestId)),
        };
        // An organisation by the name the entry holds; an individual by the commitment it holds instead of the name.
        if (r.Payee is { Type: PayeeTypes.Individual, Commitment: { } commitment })
        {
            values.AddRange([new("payee-type", r.LedgerIndex, "payeeType", PayeeTypes.Individual), new("payee-commitment", r.LedgerIndex, "payeeCommitment", commitment)]);
        }
        else if (r.Payee is { Name: { } payee })
        {
            values.Add(new("payee", r.LedgerIndex, "payee", payee));
        }
        if (r.Timeline.FirstOrDefault(s => s.Kind == FundEvents.RequestFiled) is { } filed)
        {
            values.AddRange(
            [
                new("fund", filed.LedgerIndex, "fundId", Text(r.FundId)),
                new("program", filed.LedgerIndex, "program", r.Program),
                new("region", filed.LedgerIndex, "region", r.Region),
                new("department", filed.LedgerIndex, "department", r.Department),
                new("purpose", filed.LedgerIndex, "purpose", r.Purpose),
                new("beneficiaries", filed.LedgerIndex, "beneficiaries", Text(r.Beneficiaries)),
                new("amount-requested", filed.LedgerIndex, "amount", Money(r.RequestedAmount), "money"),
            ]);
        }
        // The names beside the codes, each held to the entry that defined it: both languages, whichever is shown.
        values.Add(new("fund-name", r.Definitions.Fund, "name", r.FundName));
        if (r.Definitions.Region is { } region)
        {
            values.AddRange([new("region-name", region, "name", r.RegionName), new("region-name-en", region, "nameEn", r.RegionNameEn)]);
        }
        if (r.Definitions.Program is { } program)
        {
            values.AddRange([new("program-name", program, "name", r.ProgramName), new("program-name-en", program, "nameEn", r.ProgramNameEn)]);
        }
        if (r.Definitions.Department is { } department)
        {
            values.Add(new("department-name", department, "name", r.DepartmentName));
        }
        foreach (var step in r.Timeline)
        {
            values.Add(new("step-kind", step.LedgerIndex, "@kind", step.Kind));
            values.Add(new("step-time", step.LedgerIndex, "@time", Time(step.Time), "time"));
            if (step.Amount is { } amount)
            {
                values.Add(new("step-amount", step.LedgerIndex, "amount", Money(amount), "money"));
            }
        }
        values.AddRange(feedback.SelectMany(ForFeedback));
        return new Claims(r.RequestId, values,
        [
            new("paid-on-request", FundEvents.DisbursementConfirmed, Money(r.RequestDisbursed)),
            new("reported-used", FundEvents.UsageReported, Money(r.RequestUsed)),
            new("returned", FundEvents.FundsReturned, Money(r.RequestReturned)),
        ]);
    }

    /// <summary>
    /// A feedback as the record page shows it, each part held to its entry: the text by the commitment it must open,
    /// every answer, escalation, closing and hiding by the entry that recorded it.
    /// </summary>
    private static IEnumerable<Value> ForFeedback(FeedbackItem f)
    {
        yield return new("feedback-kind", f.LedgerIndex, "kind", f.Kind);
        if (f.Category is { } category)
        {
            yield return new("feedback-category", f.LedgerIndex, "category", category);
        }
        yield return new("feedback-time", f.LedgerIndex, "@time", Time(f.CreatedAt), "time");
        if (f is { Text: { } text, TextSalt: { } salt })
        {
            yield return new("feedback-text", f.LedgerIndex, "textCommitment", text, "commitment", salt);
        }
        foreach (var answer in f.Answers)
        {
            yield return new("feedback-answer", answer.LedgerIndex, "text", answer.Text);
            yield return new("feedback-answer-time", answer.LedgerIndex, "@time", Time(answer.AnsweredAt), "time");
        }
        foreach (var escalation in f.Escalations)
        {
            yield return new("feedback-escalation", escalation.LedgerIndex, "reason", escalation.Reason);
        }
        if (f.Closed is { } closed)
        {
            yield return new("feedback-outcome", closed.LedgerIndex, "outcome", closed.Outcome);
            if (closed.Note is { } note)
            {
                yield return new("feedback-closing-note", closed.LedgerIndex, "note", note);
            }
        }
        if (f.Hidden is { } hidden)
        {
            yield return new("feedback-hidden-role", hidden.LedgerIndex, "role", hidden.Role);
            yield return new("feedback-hidden-reason", hidden.LedgerIndex, "reason", hidden.Reason);
            yield return new("feedback-hidden-time", hidden.LedgerIndex, "@time", Time(hidden.At), "time");
        }
    }

    public static Claims ForEntry(LedgerEntry e) => new(null,
    [
        new("entry-kind", e.Index, "@kind", e.Kind),
        new("entry-actor", e.Index, "@actor", e.Actor),
        new("entry-time", e.Index, "@time", Text(e.TimestampMs), "time"),
        new("entry-payload", e.Index, "@payload", e.Payload),
    ], []);

    private static string Money(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => Text(time.ToUnixTimeMilliseconds());

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
