using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;

namespace Portal.Ledger;

public static class LedgerServices
{
    /// <summary>Registers the ledger: one store, one writer (the group-commit loop) and its readers.</summary>
    public static IServiceCollection AddPortalLedger(this IServiceCollection services, StorageOptions storage, LedgerOptions options)
    {
        services.AddSingleton(storage);
        services.AddSingleton(options);
        services.AddSingleton(_ => new LedgerStore(storage));
        services.AddSingleton(_ => new PublishedKeys(options.PublicKeysFile));
        // The key file is read at the key's first use (the host asks for it while starting), not while resolving.
        services.AddSingleton(sp => new SigningKey(options.SigningKeyPath, options.Origin, sp.GetRequiredService<PublishedKeys>()));
        services.AddSingleton<KeyRotation>();
        services.AddSingleton(_ => Privacy.PayeeKeys.LoadOrCreate(options.PayeeKeyFile));
        services.AddSingleton<PersonalDataService>();
        services.AddSingleton<PersonalDataQueries>();
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<FlagService>();
        services.AddSingleton<FeedbackQueries>();
        services.AddSingleton(sp => new LedgerWriter(
            sp.GetRequiredService<LedgerStore>(),
            () => sp.GetRequiredService<SigningKey>().Current,
            options,
            sp.GetServices<ILedgerListener>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<LedgerWriter>>(),
            sp.GetServices<IReadModelProjector>()));
        services.AddSingleton<LedgerReader>();
        services.AddSingleton<Chain.Tiles.TileReader>();
        services.AddSingleton<KeyRotationLog>();
        services.AddSingleton<Witnessing.WitnessPolicyLog>();
        services.AddSingleton<IReadModelProjector, FundProjector>();
        services.AddSingleton<FundService>();
        services.AddSingleton<OpenDataService>();
        services.AddSingleton<Funds.Exports.OpenDataExports>();
        services.AddSingleton<RequestQueries>();
        services.AddSingleton<FundAdminQueries>();
        services.AddSingleton<ApprovalQueries>();
        services.AddSingleton<TotalsSnapshots>();
        services.AddSingleton<Feed.BlockFeed>();
        services.AddSingleton<TotalsQueries>();
        services.AddSingleton(sp => new AnomalyService(sp.GetRequiredService<LedgerStore>()));
        services.AddSingleton<AnomalyReviewService>();
        services.AddSingleton(sp => new ReadModelCheck(sp.GetRequiredService<LedgerStore>(), sp.GetServices<IReadModelProjector>().ToList()));
        // Every key the ledger has used, so checkpoints signed before a rotation still verify; read when a run
        // starts, after the current key is known to be published (a key file older than the published list is added).
        services.AddSingleton(sp =>
        {
            var key = sp.GetRequiredService<SigningKey>();
            var published = sp.GetRequiredService<PublishedKeys>();
            return new LedgerVerifier(sp.GetRequiredService<LedgerStore>(), () =>
            {
                _ = key.Current;
                return published.Verifiers();
            }, options.Origin);
        });
        return services;
    }
}
