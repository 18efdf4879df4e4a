using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Ledger.Witnessing;
using Portal.Web.Witnessing;
using Portal.Web.Demo;
using Portal.Web.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Web.Hosting;

/// <summary>
/// Applies migrations (ledger and identity) before the server accepts requests; in the demo configuration also
/// seeds the demo ledger when empty and prints the demo accounts' fresh credentials; then records the witness policy
/// in the ledger if it changed.
/// </summary>
public sealed partial class DatabaseInitializer(
    LedgerStore store, DemoGenerator demo, IServiceScopeFactory scopes, IOptions<DemoOptions> demoOptions, TotalsSnapshots totals,
    WitnessPolicyLog policies, WitnessPolicySource policy, SigningKey signingKey, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    private Task _warmUp = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The key is read (or created, and published) now: a key file of another origin stops the portal at start.
        _ = signingKey.Current;
        await store.MigrateAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalIdentityDbContext>().Database.MigrateIfBehindAsync(cancellationToken);
        await IdentitySetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        if (demoOptions.Value.Seed)
        {
            await demo.SeedIfEmptyAsync(demoOptions.Value.Requests, cancellationToken);
            var credentials = await scope.ServiceProvider.GetRequiredService<DemoAccounts>().EnsureAsync(cancellationToken);
            DemoAccounts.Print(credentials, Console.Out);
        }
        // Before the first request: a browser holds the policy it is served to the last one the ledger records.
        if (await policies.EnsureRecordedAsync(policy.Policy?.Text, "operator", cancellationToken) is { } recorded)
        {
            LogPolicyRecorded(recorded.Index);
        }
        // The first visitor of a large ledger should not wait for its totals to be summed; serving starts meanwhile.
        _warmUp = WarmUpAsync();
    }

    private async Task WarmUpAsync()
    {
        try
        {
            await totals.GetAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogWarmUpFailed(ex);
        }
    }

    /// <summary>Waits for the warm-up, if it is still summing, as long as the host allows.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _warmUp.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host stops without it: the totals were only a cache.
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Recorded the witness policy in the ledger at entry {Index}.")]
    private partial void LogPolicyRecorded(long index);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Computing the totals at start-up failed; the first page that needs them will try again.")]
    private partial void LogWarmUpFailed(Exception exception);
}
