using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;

namespace Portal.Ledger.Monitoring;

/// <summary>
/// A uniform random sample (reservoir) of the payments read, each held against its published record at
/// <c>/api/disbursements/{id}</c>: the record must show what its entries say, list every step of its request (each
/// names the one before it, and the last is the request's last step in the ledger) and the names its definitions give.
/// The operator cannot know in advance which records a monitor will check.
/// </summary>
public sealed class RecordSample(int size)
{
    private readonly List<(long Index, DisbursementConfirmed Payment)> _chosen = [];
    private long _seen;

    public void Offer(DecodedEntry entry)
    {
        _seen++;
        var slot = _chosen.Count < size ? _chosen.Count : Random.Shared.NextInt64(_seen);
        if (slot < size)
        {
            var payment = FundEvents.Deserialize<DisbursementConfirmed>(entry.Payload);
            if (slot == _chosen.Count)
            {
                _chosen.Add((entry.Index, payment));
            }
            else
            {
                _chosen[(int)slot] = (entry.Index, payment);
            }
        }
    }

    public delegate Task<DecodedEntry> EntryReader(long index, CancellationToken cancellationToken);

    /// <returns>How many records were checked.</returns>
    public async Task<int> CheckAsync(LogClient log, EntryReader read, FundAudit audit, long treeSize, CancellationToken cancellationToken)
    {
        foreach (var (index, payment) in _chosen)
        {
            var record = await log.DisbursementAsync(payment.DisbursementId, cancellationToken)
                ?? throw new DiscrepancyException($"Disbursement {payment.DisbursementId}, paid in entry {index}, is missing from /api/disbursements.");
            var entry = await read(index, cancellationToken);
            var where = $"/api/disbursements/{payment.DisbursementId}";
            Require(record.Id == payment.DisbursementId && record.LedgerIndex == index, where, $"names entry {record.LedgerIndex}, the payment is entry {index}");
            Require(record.RequestId == payment.RequestId, where, $"is for request {record.RequestId}, entry {index} pays request {payment.RequestId}");
            Require(record.Amount == payment.Amount, where, $"shows amount {record.Amount}, entry {index} pays {payment.Amount}");
            Require(record.PaidAt.ToUnixTimeMilliseconds() == entry.TimestampMs, where, $"shows paid at {record.PaidAt:O}, entry {index} is timed {DateTimeOffset.FromUnixTimeMilliseconds(entry.TimestampMs):O}");
            await CheckStepsAsync(record, where, read, audit, treeSize, cancellationToken);
            await CheckDefinitionsAsync(record, where, read, cancellationToken);
        }
        return _chosen.Count;
    }

    private static async Task CheckStepsAsync(DisbursementDetail record, string where, EntryReader read, FundAudit audit, long treeSize, CancellationToken cancellationToken)
    {
        var indexes = record.LedgerIndexes;
        Require(indexes.Count > 0 && indexes.Contains(record.LedgerIndex), where, "does not list its own payment among its entries");
        Require(indexes.Zip(indexes.Skip(1)).All(p => p.First < p.Second), where, "lists its entries out of ledger order");
        Require(record.Timeline.Select(s => s.LedgerIndex).SequenceEqual(indexes), where, "has a timeline whose steps are not its listed entries");
        var verified = indexes.Where(i => i < treeSize).ToList();
        decimal paid = 0, used = 0, returned = 0;
        for (var k = 0; k < verified.Count; k++)
        {
            var entry = await read(verified[k], cancellationToken);
            using var payload = JsonDocument.Parse(entry.Payload);
            var root = payload.RootElement;
            Require(root.TryGetProperty("requestId", out var requestId) && requestId.GetInt64() == record.RequestId, where,
                $"lists entry {entry.Index}, which is not a step of request {record.RequestId}");
            var step = record.Timeline[k];
            decimal? amount = root.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDecimal() : null;
            Require(step.Kind == entry.Kind && step.Time.ToUnixTimeMilliseconds() == entry.TimestampMs && step.Amount == amount, where,
                $"shows step {k + 1} as {step.Kind} of {step.Amount} at {step.Time:O}; entry {entry.Index} is {entry.Kind} of {amount} at {DateTimeOffset.FromUnixTimeMilliseconds(entry.TimestampMs):O}");
            if (k == 0)
            {
                Require(entry.Kind == FundEvents.RequestFiled, where, $"starts at entry {entry.Index}, which is not the request's filing");
                CheckFiling(record, FundEvents.Deserialize<RequestFiled>(entry.Payload), where, entry.Index);
            }
            else if (root.TryGetProperty("previousIndex", out var previousIndex) && previousIndex.ValueKind == JsonValueKind.Number)
            {
                Require(previousIndex.GetInt64() == verified[k - 1], where,
                    $"omits a step: entry {entry.Index} names entry {previousIndex.GetInt64()} as the request's previous step, the record lists entry {verified[k - 1]}");
            }
            switch (entry.Kind)
            {
                case FundEvents.DisbursementConfirmed: paid += amount ?? 0; break;
                case FundEvents.UsageReported: used += amount ?? 0; break;
                case FundEvents.FundsReturned: returned += amount ?? 0; break;
            }
        }
        if (verified.Count == indexes.Count)
        {
            // The record shows the ledger as of a size the monitor verified: it must show all of the request.
            var last = audit.LastStepOf(record.RequestId);
            Require(last == indexes[^1], where, $"ends at entry {indexes[^1]}, but the request's last step is entry {last}");
            Require(record.RequestDisbursed == paid && record.RequestUsed == used && record.RequestReturned == returned, where,
                $"shows the request paid {record.RequestDisbursed}, used {record.RequestUsed}, returned {record.RequestReturned}; its entries add up to {paid}, {used}, {returned}");
        }
    }

    private static void CheckFiling(DisbursementDetail record, RequestFiled filing, string where, long index)
    {
        var mismatches = new List<string>();
        void Compare<T>(string field, T shown, T recorded)
        {
            if (!EqualityComparer<T>.Default.Equals(shown, recorded))
            {
                mismatches.Add($"{field} {shown} (entry {index}: {recorded})");
            }
        }
        Compare("fund", record.FundId, filing.FundId);
        Compare("region", record.Region, filing.Region);
        Compare("program", record.Program, filing.Program);
        Compare("department", record.Department, filing.Department);
        Compare("requested amount", record.RequestedAmount, filing.Amount);
        Compare("purpose", record.Purpose, filing.Purpose);
        Compare("beneficiaries", record.Beneficiaries, filing.Beneficiaries);
        Require(mismatches.Count == 0, where, "shows " + string.Join(", ", mismatches));
    }

    private static async Task CheckDefinitionsAsync(DisbursementDetail record, string where, EntryReader read, CancellationToken cancellationToken)
    {
        var fund = FundEvents.Deserialize<FundCreated>((await Definition(record.Definitions.Fund, FundEvents.FundCreated)).Payload);
        Require(fund.FundId == record.FundId && fund.Name == record.FundName && fund.Currency == record.Currency, where,
            $"shows fund {record.FundId} '{record.FundName}' in {record.Currency}; entry {record.Definitions.Fund} created fund {fund.FundId} '{fund.Name}' in {fund.Currency}");
        if (record.Definitions.Region is { } regionIndex)
        {
            var region = FundEvents.Deserialize<RegionDefined>((await Definition(regionIndex, FundEvents.RegionDefined)).Payload);
            Require(region.Code == record.Region && region.Name == record.RegionName && region.NameEn == record.RegionNameEn, where,
                $"names region {record.Region} '{record.RegionName}' / '{record.RegionNameEn}'; entry {regionIndex} defines {region.Code} as '{region.Name}' / '{region.NameEn}'");
        }
        if (record.Definitions.Program is { } programIndex)
        {
            var program = FundEvents.Deserialize<ProgramDefined>((await Definition(programIndex, FundEvents.ProgramDefined)).Payload);
            Require(program.Code == record.Program && program.Name == record.ProgramName && program.NameEn == record.ProgramNameEn, where,
                $"names program {record.Program} '{record.ProgramName}' / '{record.ProgramNameEn}'; entry {programIndex} defines {program.Code} as '{program.Name}' / '{program.NameEn}'");
        }
        if (record.Definitions.Department is { } departmentIndex)
        {
            var department = FundEvents.Deserialize<DepartmentDefined>((await Definition(departmentIndex, FundEvents.DepartmentDefined)).Payload);
            Require(department.Code == record.Department && department.Name == record.DepartmentName, where,
                $"names department {record.Department} '{record.DepartmentName}'; entry {departmentIndex} defines {department.Code} as '{department.Name}'");
        }

        async Task<DecodedEntry> Definition(long index, string kind)
        {
            var entry = await read(index, cancellationToken);
            Require(entry.Kind == kind, where, $"names entry {index} as its {kind} entry, which is a {entry.Kind} entry");
            return entry;
        }
    }

    private static void Require(bool holds, string where, string problem)
    {
        if (!holds)
        {
            throw new DiscrepancyException($"{where} {problem}.");
        }
    }
}
