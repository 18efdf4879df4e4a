using Portal.Ledger.Funds;

namespace Portal.Web.Demo;

/// <summary>
/// The demo's filings by department, county and program, so that its ordinary requests never add up to a split
/// under an approval threshold by chance: only the planted ones should trip threshold-splitting. Conservative: any
/// two filings within the rule's window of each other count, whichever came first.
/// </summary>
internal sealed class DemoSplitWindows
{
    private static readonly decimal[] Thresholds = [.. ApprovalPolicy.Default.Tiers.Select(t => t.UpTo).OfType<decimal>(),
        ApprovalPolicy.Default.SupervisorSignOffAbove ?? 0m];

    private readonly Dictionary<(string, string, string), List<(int Day, decimal Amount)>> _filings = [];

    public bool WouldSplit(string department, string region, string program, int day, decimal amount)
    {
        if (!_filings.TryGetValue((department, region, program), out var filings))
        {
            return false;
        }
        var near = filings.Where(f => Math.Abs(f.Day - day) <= FlagRules.Default.SplittingWindowDays).ToList();
        return Thresholds.Any(t => amount <= t && near.Where(f => f.Amount <= t).Sum(f => f.Amount) is var sum && sum > 0 && sum + amount > t);
    }

    public void Add(string department, string region, string program, int day, decimal amount)
    {
        if (!_filings.TryGetValue((department, region, program), out var filings))
        {
            _filings[(department, region, program)] = filings = [];
        }
        filings.Add((day, amount));
    }
}
