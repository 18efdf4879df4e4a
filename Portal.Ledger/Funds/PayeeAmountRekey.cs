using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// Once, when a database recorded before payees had keys is migrated: the repeated-payment rows were keyed by name
/// and are re-derived by key from the payments, as replaying the ledger would (every earlier payee is an
/// organisation, whose key comes from its public name).
/// </summary>
internal sealed class PayeeAmountRekey : IDataMigration
{
    public string After => "PersonalData";

    public async Task RunAsync(LedgerDbContext db, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<(string, decimal), (long PaidAtMs, long Id)>();
        await foreach (var paid in db.Set<DisbursementRecord>().AsNoTracking().Where(d => d.Payee != null && d.Payee != "")
            .OrderBy(d => d.LedgerIndex).Select(d => new { d.Payee, d.Amount, d.PaidAtMs, d.Id }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            latest[(PayeeKeys.Organization(paid.Payee!), paid.Amount)] = (paid.PaidAtMs, paid.Id);
        }
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var ((key, amount), (paidAtMs, id)) in latest)
        {
            db.Add(new PayeeAmountRecord { PayeeKey = key, Amount = amount, LastPaidAtMs = paidAtMs, LastDisbursementId = id });
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
