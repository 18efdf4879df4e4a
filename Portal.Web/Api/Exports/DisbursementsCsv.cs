using System.Globalization;
using CsvHelper;
using Portal.Ledger.Funds;

namespace Portal.Web.Api.Exports;

/// <summary>The disbursement records as CSV: one row per record, the columns of the JSON API's items.</summary>
public static class DisbursementsCsv
{
    /// <summary>
    /// Writes the records and returns how many, flushing as the writer's buffer fills: the export streams and is
    /// never held in memory.
    /// </summary>
    public static async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<DisbursementItem> records, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(stream, options: null, leaveOpen: true);
        csv.WriteHeader(["id", "fundId", "region", "program", "department", "amount", "currency", "paidAt", "ledgerIndexes"]);
        var count = 0L;
        await foreach (var item in records.WithCancellation(cancellationToken))
        {
            csv.WriteField(item.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(item.FundId.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(item.Region);
            csv.WriteField(item.Program);
            csv.WriteField(item.Department);
            csv.WriteField(item.Amount.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(item.Currency);
            csv.WriteField(item.PaidAt.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(string.Join(' ', item.LedgerIndexes));
            await csv.EndRecordAsync(cancellationToken);
            count++;
        }
        await csv.FlushAsync(cancellationToken);
        return count;
    }
}
