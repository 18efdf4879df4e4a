using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Ledger.Telemetry;
using Portal.Web.Witnessing;

namespace Portal.Web.Operations;

/// <summary>
/// What the ledger holds, as every instance sees it in the shared database: its size, the red flags recorded by
/// kind and the cosignatures held from each witness. Read when metrics are collected (a scrape, every 15 s or so),
/// one indexed query per gauge, never cached: a scrape right after a commit sees it. A failed read reports
/// nothing rather than a stale or made-up value.
/// </summary>
public sealed partial class LedgerGauges
{
    private readonly LedgerStore _store;
    private readonly WitnessPolicySource _witnesses;
    private readonly ILogger<LedgerGauges> _logger;

    public LedgerGauges(IMeterFactory meters, LedgerStore store, WitnessPolicySource witnesses, ILogger<LedgerGauges> logger)
    {
        _store = store;
        _witnesses = witnesses;
        _logger = logger;
        // From the host's meter factory, which disposes it with the host: the callbacks hold this host's store.
        var meter = meters.Create(PortalTelemetry.Name);
        meter.CreateObservableGauge("portal.ledger.tree_size", TreeSize, "{entry}", "Entries in the ledger (the Merkle tree's size), as the database holds it.");
        meter.CreateObservableGauge("portal.anomalies", Anomalies, "{flag}", "Red flags recorded, by kind.");
        meter.CreateObservableGauge("portal.witness.cosignatures", Cosignatures, "{cosignature}", "Cosignatures held from each witness of the policy.");
    }

    // Synchronous reads: a collection callback cannot await. EF Core runs them natively, with no thread blocked on a task.
    private IEnumerable<Measurement<long>> TreeSize() => Read(db =>
        new[] { new Measurement<long>(db.Blocks.OrderByDescending(b => b.Height).Select(b => (long?)b.TreeSize).FirstOrDefault() ?? 0) });

    private IEnumerable<Measurement<long>> Anomalies() => Read(db =>
        db.Set<AnomalyRecord>().GroupBy(a => a.Kind).Select(g => new { g.Key, Count = g.LongCount() }).ToList()
            .Select(g => new Measurement<long>(g.Count, new KeyValuePair<string, object?>("kind", g.Key))));

    private IEnumerable<Measurement<long>> Cosignatures() => Read(db =>
    {
        var held = db.Cosignatures.GroupBy(c => c.Witness).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionary(g => g.Key, g => g.Count, StringComparer.Ordinal);
        // A witness of the policy that has not cosigned yet is worth seeing at 0.
        foreach (var witness in _witnesses.Policy?.Witnesses ?? [])
        {
            held.TryAdd(witness.Name, 0);
        }
        return held.Select(w => new Measurement<long>(w.Value, new KeyValuePair<string, object?>("witness", w.Key)));
    });

    private List<Measurement<long>> Read(Func<LedgerDbContext, IEnumerable<Measurement<long>>> query)
    {
        try
        {
            using var db = _store.CreateContext();
            return query(db).ToList();
        }
        catch (Exception ex)
        {
            LogReadFailed(ex);
            return [];
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Reading the ledger's gauges for metrics failed.")]
    private partial void LogReadFailed(Exception exception);
}
