using System.Globalization;
using System.Text.Json;
using Portal.Ledger.Chain;

namespace Portal.Web.Demo;

/// <summary>
/// Fills an empty ledger with a small, plausible history so the demo has something to show and verify.
/// The fund domain's generator will replace these entries with real requests, approvals and payments.
/// </summary>
public sealed partial class DemoLedgerSeeder(LedgerWriter writer, LedgerReader reader, ILogger<DemoLedgerSeeder> logger)
{
    private static readonly (string Code, string Name)[] Prefectures =
    [
        ("520100", "Guiyang"), ("520200", "Liupanshui"), ("520300", "Zunyi"), ("520400", "Anshun"), ("520500", "Bijie"),
        ("520600", "Tongren"), ("522300", "Qianxinan"), ("522600", "Qiandongnan"), ("522700", "Qiannan"),
    ];

    private static readonly string[] Kinds = ["allocation.requested", "allocation.approved", "disbursement.confirmed", "usage.reported"];

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await reader.GetTreeSizeAsync(cancellationToken) > 0)
        {
            return;
        }
        var random = new Random(2017_05_17);
        for (var block = 0; block < 24; block++)
        {
            var drafts = new List<EntryDraft>();
            for (var i = 0; i < 25; i++)
            {
                var (code, name) = Prefectures[random.Next(Prefectures.Length)];
                var amount = Math.Round((decimal)(random.NextDouble() * 1_500_000 + 50_000), 2);
                var kind = Kinds[i % Kinds.Length];
                var payload = JsonSerializer.Serialize(new
                {
                    regionCode = code,
                    region = name,
                    amount = amount.ToString("F2", CultureInfo.InvariantCulture),
                    currency = "CNY",
                });
                drafts.Add(new EntryDraft(kind, "demo-seed", payload));
            }
            await writer.AppendAsync(drafts, cancellationToken);
        }
        var size = await reader.GetTreeSizeAsync(cancellationToken);
        LogSeeded(size);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo ledger with {Count} entries")]
    private partial void LogSeeded(long count);
}
