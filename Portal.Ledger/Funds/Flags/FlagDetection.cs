using System.Collections.Concurrent;
using System.Globalization;
using Portal.Ledger.Chain;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// The red flags an entry raises as it is projected, so they are current when its block commits and rebuilt with the
/// other read models: each under the rules' version in force, naming every request and entry it rests on. Nothing
/// runs before an administrator has set the rules (docs/red-flags.md).
/// </summary>
internal static class FlagDetection
{
    /// <summary>The sequence holding the version of the rules in force.</summary>
    public const string RulesSequence = "flag-rules";

    // A fund's policy and the rules are immutable per version; parsed once for every entry that asks.
    private static readonly ConcurrentDictionary<string, FlagRules> ParsedRules = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ApprovalPolicy> ParsedPolicies = new(StringComparer.Ordinal);

    public static void RulesSet(LedgerDbContext db, LedgerEntry entry, FlagRulesSet e) =>
        db.Add(new FlagRulesRecord { Version = e.Version, RulesJson = FundEvents.Serialize(e.Rules), LedgerIndex = entry.Index, SetAtMs = entry.TimestampMs });

    /// <summary>
    /// threshold-splitting: the filing completes a group of the department's filings for one region and program within
    /// the window, each at or below an approval threshold of the fund's policy, that together exceed it.
    /// </summary>
    public static async Task FiledAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, CancellationToken ct)
    {
        if (await RulesAsync(db, ct) is not var (version, rules))
        {
            return;
        }
        var thresholds = Thresholds(await PolicyAsync(db, request.FundId, ct));
        if (thresholds.Count == 0)
        {
            return;
        }
        var key = FilingWindowRecord.KeyOf(request);
        var window = await FundProjector.KeptAsync(db, [key], () => new FilingWindowRecord { Key = key }, ct);
        var filings = window.Window;
        // Filings come in ledger order, so the expired ones are at the front.
        var since = entry.TimestampMs - (long)TimeSpan.FromDays(rules.SplittingWindowDays).TotalMilliseconds;
        var expired = 0;
        while (expired < filings.Count && filings[expired].FiledAtMs < since)
        {
            expired++;
        }
        filings.RemoveRange(0, expired);
        foreach (var threshold in thresholds.Where(t => request.Amount <= t))
        {
            var before = 0m;
            var count = 0;
            foreach (var filing in filings)
            {
                if (filing.Amount <= threshold)
                {
                    before += filing.Amount;
                    count++;
                }
            }
            // Raised once, by the filing that carries the group over the threshold.
            if (count > 0 && before <= threshold && before + request.Amount > threshold)
            {
                var group = filings.Where(f => f.Amount <= threshold).ToList();
                var facts = new AnomalyFacts(before + request.Amount, await CurrencyAsync(db, request.FundId, ct), rules.SplittingWindowDays,
                    Count: group.Count + 1, Threshold: threshold);
                await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.ThresholdSplitting, request, facts,
                    [.. group.Select(f => f.RequestId), request.Id], [.. group.Select(f => f.LedgerIndex), entry.Index], version, null, ct);
                break;
            }
        }
        if (request.Amount <= thresholds[^1])
        {
            filings.Add(new WindowFiling(request.Id, request.Amount, entry.TimestampMs, entry.Index));
        }
        window.Changed();
        await RefiledAsync(db, entry, request, version, rules, ct);
    }

    /// <summary>
    /// cancel-and-refile: the filing has the purpose and region of a request cancelled or rejected within the window,
    /// at an amount a little different from it (more than nothing, at most the tolerance).
    /// </summary>
    private static async Task RefiledAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, int version, FlagRules rules, CancellationToken ct)
    {
        if (await db.Set<WithdrawnRequestsRecord>().FindAsync([WithdrawnRequestsRecord.KeyOf(request)], ct) is not { } withdrawn)
        {
            return;
        }
        var since = entry.TimestampMs - (long)TimeSpan.FromDays(rules.RefileWindowDays).TotalMilliseconds;
        var earlier = withdrawn.List.Where(w => w.WithdrawnAtMs >= since).ToList();
        if (earlier.Count != withdrawn.List.Count)
        {
            withdrawn.List.RemoveAll(w => w.WithdrawnAtMs < since);
            FundProjector.Touch(db, withdrawn).Changed();
        }
        // The latest such request: the one this filing most plausibly replaces.
        if (earlier.LastOrDefault(w => w.Amount != request.Amount && Math.Abs(request.Amount - w.Amount) <= rules.RefileAmountTolerance * w.Amount) is not { RequestId: > 0 } match)
        {
            return;
        }
        var facts = new AnomalyFacts(request.Amount, await CurrencyAsync(db, request.FundId, ct),
            Days: (int)Math.Ceiling((entry.TimestampMs - match.WithdrawnAtMs) / 86_400_000d), PreviousAmount: match.Amount, PreviousRequestId: match.RequestId);
        await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.CancelAndRefile, request, facts, [match.RequestId, request.Id], [match.FiledIndex, match.WithdrawnIndex, entry.Index], version, null, ct);
    }

    /// <summary>
    /// A cancelled or rejected request no longer counts towards a split, and is remembered for cancel-and-refile.
    /// </summary>
    public static async Task WithdrawnAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, CancellationToken ct)
    {
        if (await db.Set<FilingWindowRecord>().FindAsync([FilingWindowRecord.KeyOf(request)], ct) is { } window
            && window.Window.RemoveAll(f => f.RequestId == request.Id) > 0)
        {
            FundProjector.Touch(db, window).Changed();
        }
        if (await RulesAsync(db, ct) is null)
        {
            return;
        }
        var key = WithdrawnRequestsRecord.KeyOf(request);
        var withdrawn = await FundProjector.KeptAsync(db, [key], () => new WithdrawnRequestsRecord { Key = key }, ct);
        withdrawn.List.Add(new WithdrawnRequest(request.Id, request.Amount, entry.TimestampMs, request.FiledLedgerIndex, entry.Index));
        withdrawn.Changed();
    }

    /// <summary>
    /// rapid-approval: a request above the single-approver tier, decided within minutes of its filing, or whose
    /// approvals all came within minutes of each other.
    /// </summary>
    public static async Task ApprovedAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, RequestApproved e, CancellationToken ct)
    {
        if (!e.Final || await RulesAsync(db, ct) is not var (version, rules)
            || (await PolicyAsync(db, request.FundId, ct))?.Tiers.FirstOrDefault(t => t.RequiredApprovals == 1)?.UpTo is not { } single
            || request.Amount <= single)
        {
            return;
        }
        var sinceFiling = entry.TimestampMs - request.FiledAtMs;
        var spread = request.FirstApprovedIndex is { } first && first != entry.Index ? entry.TimestampMs - request.FirstApprovedAtMs : null;
        var minutes = sinceFiling <= rules.RapidApprovalMinutes * 60_000L ? sinceFiling
            : spread is { } s && s <= rules.SignOffSpreadMinutes * 60_000L ? s
            : (long?)null;
        if (minutes is not { } elapsed)
        {
            return;
        }
        var facts = new AnomalyFacts(request.Amount, await CurrencyAsync(db, request.FundId, ct),
            Minutes: (int)Math.Ceiling(elapsed / 60_000d), Threshold: single, Span: elapsed == sinceFiling ? "filing" : "approvals");
        long[] indexes = request.FirstApprovedIndex is { } firstIndex && firstIndex != entry.Index
            ? [request.FiledLedgerIndex, firstIndex, entry.Index]
            : [request.FiledLedgerIndex, entry.Index];
        await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.RapidApproval, request, facts, [request.Id], indexes, version, null, ct);
    }

    /// <summary>
    /// off-hours-decision: an approval or a payment outside the working day, on a weekend that is no make-up working
    /// day, or on a public holiday, in the rules' time zone and by China's holiday calendar (<see cref="WorkCalendar"/>).
    /// </summary>
    public static async Task OffHoursAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, DisbursementConfirmed? payment, CancellationToken ct)
    {
        if (await RulesAsync(db, ct) is not var (version, rules) || FlagRules.Zone(rules.TimeZone) is not { } zone)
        {
            return;
        }
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(entry.TimestampMs), zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var calendar = WorkCalendar.China;
        var holiday = calendar.HolidayOn(day);
        var reason = calendar.IsWorkingDay(day)
            ? time < FlagRules.Time(rules.WorkdayStart) || time >= FlagRules.Time(rules.WorkdayEnd) ? OffHoursReasons.Hours : null
            : holiday is not null ? OffHoursReasons.Holiday : OffHoursReasons.Weekend;
        if (reason is null)
        {
            return;
        }
        var facts = new AnomalyFacts(payment?.Amount, await CurrencyAsync(db, request.FundId, ct), Span: payment is null ? "approval" : "payment",
            At: local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Zone: rules.TimeZone, Reason: reason,
            Holiday: reason == OffHoursReasons.Holiday ? holiday?.Name : null, HolidayZh: reason == OffHoursReasons.Holiday ? holiday?.NameZh : null,
            Window: $"{rules.WorkdayStart}–{rules.WorkdayEnd}");
        await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.OffHoursDecision, request, facts, [request.Id], [entry.Index], version, payment?.DisbursementId, ct);
    }

    /// <summary>The rules in force and their version, or null before the first version is set.</summary>
    internal static async Task<(int Version, FlagRules Rules)?> RulesAsync(LedgerDbContext db, CancellationToken ct)
    {
        if (await db.Set<SequenceRecord>().FindAsync([RulesSequence], ct) is not { Value: > 0 } current
            || await db.Set<FlagRulesRecord>().FindAsync([(int)current.Value], ct) is not { } record)
        {
            return null;
        }
        return ((int)current.Value, ParsedRules.GetOrAdd(record.RulesJson, json => System.Text.Json.JsonSerializer.Deserialize<FlagRules>(json, FundEvents.Json)!));
    }

    private static async Task<ApprovalPolicy?> PolicyAsync(LedgerDbContext db, long fundId, CancellationToken ct)
    {
        var fund = await db.Set<FundRecord>().FindAsync([fundId], ct);
        return fund is null || await db.Set<PolicyRecord>().FindAsync([fundId, fund.PolicyVersion], ct) is not { } policy
            ? null
            : ParsedPolicies.GetOrAdd(policy.PolicyJson, json => System.Text.Json.JsonSerializer.Deserialize<ApprovalPolicy>(json, FundEvents.Json)!);
    }

    /// <summary>The amounts a split stays under: each tier's limit and the supervisor's sign-off, smallest first.</summary>
    private static List<decimal> Thresholds(ApprovalPolicy? policy) => policy is null ? [] :
        [.. policy.Tiers.Select(t => t.UpTo).OfType<decimal>().Append(policy.SupervisorSignOffAbove ?? 0m).Where(t => t > 0).Distinct().Order()];

    internal static async Task<string?> CurrencyAsync(LedgerDbContext db, long fundId, CancellationToken ct) =>
        (await db.Set<FundRecord>().FindAsync([fundId], ct))?.Currency;
}
