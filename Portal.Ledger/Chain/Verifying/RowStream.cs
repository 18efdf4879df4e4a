using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Verifying;

/// <summary>One table read in order on its own connection, so that the verifier can read several side by side on every provider.</summary>
internal sealed class RowStream(LedgerDbContext db, DbCommand command, DbDataReader reader) : IAsyncDisposable
{
    public DbDataReader Reader { get; } = reader;

    public async ValueTask DisposeAsync()
    {
        await Reader.DisposeAsync();
        await command.DisposeAsync();
        await db.DisposeAsync();
    }

    public static async Task<RowStream> OpenAsync(LedgerStore store, string sql, CancellationToken cancellationToken)
    {
        // Each stream gets its own connection so that all four tables can be read side by side on every provider.
        var db = store.CreateContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        var reader = await command.ExecuteReaderAsync(cancellationToken);
        return new RowStream(db, command, reader);
    }
}
