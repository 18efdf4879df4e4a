using Portal.Ledger.Storage;
using Portal.Web.Demo;

namespace Portal.Web.Hosting;

/// <summary>Applies migrations (and, in the demo configuration, seeds) before the server accepts requests.</summary>
public sealed class DatabaseInitializer(LedgerStore store, DemoGenerator demo, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            await demo.SeedIfEmptyAsync(configuration.GetValue("Demo:Requests", 2_000), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
