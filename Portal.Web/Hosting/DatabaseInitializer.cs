using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;
using Portal.Web.Demo;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>
/// Applies migrations (ledger and identity) before the server accepts requests; in the demo configuration also
/// seeds the demo ledger when empty and prints the demo accounts' fresh credentials.
/// </summary>
public sealed class DatabaseInitializer(LedgerStore store, DemoGenerator demo, IServiceScopeFactory scopes, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalIdentityDbContext>().Database.MigrateAsync(cancellationToken);
        await IdentitySetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            await demo.SeedIfEmptyAsync(configuration.GetValue("Demo:Requests", 2_000), cancellationToken);
            var credentials = await scope.ServiceProvider.GetRequiredService<DemoAccounts>().EnsureAsync(cancellationToken);
            DemoAccounts.Print(credentials, Console.Out);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
