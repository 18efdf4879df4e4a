using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;

namespace Portal.Tests.Infrastructure;

/// <summary>A real ledger on a real database: store, writer, reader and verifier wired as the portal wires them.</summary>
public sealed class LedgerHarness : IAsyncDisposable
{
    public const string Origin = "test.portal.example/ledger";

    private LedgerHarness(TestDatabase database, LedgerStore store, Ed25519NoteSigner signer, LedgerWriter writer, LedgerOptions options)
    {
        Database = database;
        Store = store;
        Signer = signer;
        Writer = writer;
        Options = options;
        Reader = new LedgerReader(store);
        Verifier = new LedgerVerifier(store, [signer.ToVerifier()], Origin);
    }

    public TestDatabase Database { get; }
    public LedgerStore Store { get; }
    public Ed25519NoteSigner Signer { get; }
    public LedgerWriter Writer { get; }
    public LedgerReader Reader { get; }
    public LedgerVerifier Verifier { get; }
    public LedgerOptions Options { get; }

    public FundService Funds => new(Writer, PayeeKeys);

    /// <summary>The payee key secret, beside the signing key as the portal keeps it.</summary>
    public PayeeKeys PayeeKeys => _payeeKeys ??= PayeeKeys.LoadOrCreate(Options.PayeeKeyFile);

    private PayeeKeys? _payeeKeys;

    public ReadModelCheck ReadModels => new(Store, [new FundProjector()]);

    public static async Task<LedgerHarness> CreateAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite, int maxEntriesPerBlock = 10_000, IEnumerable<ILedgerListener>? listeners = null, TimeProvider? clock = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var store = new LedgerStore(database.Options);
        await store.MigrateAsync();
        var options = new LedgerOptions
        {
            Origin = Origin,
            SigningKeyPath = Path.Combine(database.Directory, "signing.key"),
            MaxEntriesPerBlock = maxEntriesPerBlock,
        };
        var signer = SigningKeyFile.LoadOrCreate(options.SigningKeyPath, Origin);
        return new LedgerHarness(database, store, signer, new LedgerWriter(store, signer, options, clock: clock, projectors: [new FundProjector()], listeners: listeners), options);
    }

    public static EntryDraft Draft(int n, string kind = "test.entry") =>
        new(kind, $"actor-{n % 7}", $$"""{"n":{{n}},"amount":"{{n * 100}}.50"}""");

    /// <summary>Appends entries one block each, so every size 1..count is a block boundary.</summary>
    public async Task AppendOneByOneAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Writer.AppendAsync(Draft(i));
        }
    }

    /// <summary>Publishes the harness's key, as a portal does at its first start, then appends entries one block each.</summary>
    public async Task<PublishedKeys> PublishAndAppendAsync(int entries)
    {
        var published = new PublishedKeys(Options.PublicKeysFile);
        published.EnsurePublished(Signer);
        await AppendOneByOneAsync(entries);
        return published;
    }

    /// <summary>Rotates the harness's key with rotate-key's code; returns the rotation and the new key, as the next start loads it.</summary>
    public async Task<(KeyRotated Rotated, Ed25519NoteSigner Next)> RotateKeyAsync(PublishedKeys published)
    {
        var rotated = await new KeyRotation(Writer, new SigningKey(Options.SigningKeyPath, published, Signer), published, Options).RotateAsync("operator:test");
        return (rotated, SigningKeyFile.LoadOrCreate(Options.SigningKeyPath, Origin));
    }

    /// <summary>Runs raw SQL against the ledger's database, as an attacker with database access would.</summary>
    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var db = Store.CreateContext();
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        await Database.DisposeAsync();
    }
}
