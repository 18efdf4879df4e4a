using Microsoft.Data.Sqlite;
using Portal.Ledger.Chain;
using Portal.Ledger.Storage;

namespace Portal.Web.Hosting;

/// <summary>Reads the documented configuration keys (docs/configuration.md) into the ledger's options.</summary>
public static class PortalConfiguration
{
    public static StorageOptions Storage(IConfiguration configuration, string contentRoot)
    {
        var provider = StorageOptions.ParseProvider(configuration["Database:Provider"]);
        var connectionString = configuration.GetConnectionString("Portal")
            ?? throw new InvalidOperationException("ConnectionStrings:Portal is not configured.");
        if (provider == DatabaseProvider.Sqlite)
        {
            // A relative SQLite file lives under the content root, wherever the process was started from.
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            {
                builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
            }
            connectionString = builder.ToString();
        }
        return new StorageOptions(provider, connectionString);
    }

    public static LedgerOptions Ledger(IConfiguration configuration, string contentRoot)
    {
        var options = new LedgerOptions();
        configuration.GetSection("Ledger").Bind(options);
        if (!Path.IsPathRooted(options.SigningKeyPath))
        {
            options.SigningKeyPath = Path.Combine(contentRoot, options.SigningKeyPath);
        }
        if (options.PublicKeysPath is { } published && !Path.IsPathRooted(published))
        {
            options.PublicKeysPath = Path.Combine(contentRoot, published);
        }
        if (options.PayeeKeyPath is { } payeeKey && !Path.IsPathRooted(payeeKey))
        {
            options.PayeeKeyPath = Path.Combine(contentRoot, payeeKey);
        }
        if (options.WitnessPolicyPath is { Length: > 0 } policy && !Path.IsPathRooted(policy))
        {
            options.WitnessPolicyPath = Path.Combine(contentRoot, policy);
        }
        if (options.MaxEntriesPerBlock < 1)
        {
            throw new InvalidOperationException("Ledger:MaxEntriesPerBlock must be at least 1.");
        }
        return options;
    }
}
