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
        services.AddSingleton<Ed25519NoteSigner>(sp =>
        {
            var signer = SigningKeyFile.LoadOrCreate(options.SigningKeyPath, options.Origin);
            sp.GetRequiredService<PublishedKeys>().EnsurePublished(signer);
            return signer;
        });
        services.AddSingleton(sp => new SigningKey(options.SigningKeyPath, sp.GetRequiredService<PublishedKeys>(), sp.GetRequiredService<Ed25519NoteSigner>()));
        services.AddSingleton<KeyRotation>();
        services.AddSingleton<INoteSigner>(sp => sp.GetRequiredService<Ed25519NoteSigner>());
        services.AddSingleton(sp => new LedgerWriter(
            sp.GetRequiredService<LedgerStore>(),
            sp.GetRequiredService<INoteSigner>(),
            options,
            sp.GetServices<ILedgerListener>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<LedgerWriter>>(),
            sp.GetServices<IReadModelProjector>(),
            () => sp.GetRequiredService<SigningKey>().Current));
        services.AddSingleton<LedgerReader>();
        services.AddSingleton<Chain.Tiles.TileReader>();
        services.AddSingleton<KeyRotationLog>();
        services.AddSingleton<Witnessing.WitnessPolicyLog>();
        services.AddSingleton<IReadModelProjector, FundProjector>();
        services.AddSingleton<FundService>();
        services.AddSingleton<OpenDataService>();
        services.AddSingleton<RequestQueries>();
        services.AddSingleton<FundAdminQueries>();
        services.AddSingleton<ApprovalQueries>();
        services.AddSingleton<TotalsSnapshots>();
        services.AddSingleton<Feed.BlockFeed>();
        services.AddSingleton<TotalsQueries>();
        services.AddSingleton(sp => new AnomalyService(sp.GetRequiredService<LedgerStore>()));
        services.AddSingleton(sp => new ReadModelCheck(sp.GetRequiredService<LedgerStore>(), sp.GetServices<IReadModelProjector>().ToList()));
        // Every key the ledger has used, so checkpoints signed before a rotation still verify.
        services.AddSingleton(sp =>
        {
            sp.GetRequiredService<Ed25519NoteSigner>();
            var published = sp.GetRequiredService<PublishedKeys>();
            return new LedgerVerifier(sp.GetRequiredService<LedgerStore>(), published.Verifiers, options.Origin);
        });
        return services;
    }
}
