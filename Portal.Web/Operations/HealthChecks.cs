using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Storage;
using Portal.Web.Identity;

namespace Portal.Web.Operations;

/// <summary>The ledger's database answers a query (a pooled connection the server dropped fails here, not at the next command).</summary>
public sealed class DatabaseHealthCheck(LedgerStore store) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = store.CreateContext();
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            return HealthCheckResult.Healthy($"The {store.Options.Provider} database answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The {store.Options.Provider} database does not answer.", ex);
        }
    }
}

/// <summary>
/// Both schemas (ledger and identity) are at this build's newest migration: false while the portal is migrating at
/// start, or when it runs against a database another version left behind.
/// </summary>
public sealed class MigrationsHealthCheck(LedgerStore store, IServiceScopeFactory scopes) : IHealthCheck
{
    public const string Name = "migrations";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = store.CreateContext();
            var ledger = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            await using var scope = scopes.CreateAsyncScope();
            var identity = (await scope.ServiceProvider.GetRequiredService<PortalIdentityDbContext>().Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return ledger + identity == 0
                ? HealthCheckResult.Healthy("Every migration is applied.")
                : new HealthCheckResult(context.Registration.FailureStatus, $"{ledger + identity} migrations are not applied yet.",
                    data: new Dictionary<string, object> { ["ledger"] = ledger, ["identity"] = identity });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The migrations applied could not be read.", ex);
        }
    }
}

/// <summary>The ledger's signing key has been read: without it no block can be signed.</summary>
public sealed class SigningKeyHealthCheck(SigningKey key) : IHealthCheck
{
    public const string Name = "signing-key";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(key.IsLoaded
            ? HealthCheckResult.Healthy("The signing key is loaded.")
            : new HealthCheckResult(context.Registration.FailureStatus, "The signing key is not loaded yet."));
}
