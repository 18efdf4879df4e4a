using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Portal.Ledger.Storage;

/// <summary>
/// Writes the read-model rows a block added or changed with one prepared INSERT or UPDATE per table, reused from
/// block to block on the writer's connection: the same statements EF Core would issue, without re-building each one.
/// Deletes, and entity types it cannot write, go through EF Core's own SaveChanges.
/// </summary>
internal sealed class ReadModelWriter
{
    private readonly Dictionary<(IEntityType, EntityState), PreparedStatement> _statements = [];

    /// <summary>Writes every added or modified row (deletes through EF Core), then marks every tracked row saved.</summary>
    public async Task SaveAsync(DbContext db, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        foreach (var entry in pending)
        {
            var statement = Statement(entry.Metadata, entry.State, connection);
            statement.Command.Transaction = transaction;
            statement.Bind(entry);
            var rows = await statement.Command.ExecuteNonQueryAsync(cancellationToken);
            if (rows != 1)
            {
                throw new DbUpdateConcurrencyException($"Writing a {entry.Metadata.ClrType.Name} row affected {rows} rows.");
            }
        }
        // Anything else (deletes) the ordinary way; then every tracked row is as the database has it.
        if (db.ChangeTracker.Entries().Any(e => e.State == EntityState.Deleted))
        {
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
        }
        db.ChangeTracker.AcceptAllChanges();
    }

    private PreparedStatement Statement(IEntityType type, EntityState state, DbConnection connection)
    {
        if (!_statements.TryGetValue((type, state), out var statement) || statement.Command.Connection != connection)
        {
            statement = PreparedStatement.Create(type, state, connection);
            _statements[(type, state)] = statement;
        }
        return statement;
    }

    private sealed class PreparedStatement(DbCommand command, IReadOnlyList<(IProperty Property, DbParameter Parameter)> bindings)
    {
        public DbCommand Command { get; } = command;

        public static PreparedStatement Create(IEntityType type, EntityState state, DbConnection connection)
        {
            var table = Quote(type.GetTableName()!);
            var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var keys = type.FindPrimaryKey()!.Properties;
            var columns = type.GetProperties().ToList();
            var command = connection.CreateCommand();
            var bindings = new List<(IProperty, DbParameter)>();
            string Bind(IProperty property)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{bindings.Count}";
                command.Parameters.Add(parameter);
                bindings.Add((property, parameter));
                return parameter.ParameterName;
            }
            if (state == EntityState.Added)
            {
                var names = string.Join(", ", columns.Select(c => Quote(c.GetColumnName(store)!)));
                var values = string.Join(", ", columns.Select(Bind));
                command.CommandText = $"INSERT INTO {table} ({names}) VALUES ({values})";
            }
            else
            {
                var set = string.Join(", ", columns.Where(c => !c.IsPrimaryKey()).Select(c => $"{Quote(c.GetColumnName(store)!)} = {Bind(c)}"));
                var where = string.Join(" AND ", keys.Select(k => $"{Quote(k.GetColumnName(store)!)} = {Bind(k)}"));
                command.CommandText = $"UPDATE {table} SET {set} WHERE {where}";
            }
            return new PreparedStatement(command, bindings);
        }

        public void Bind(EntityEntry entry)
        {
            foreach (var (property, parameter) in bindings)
            {
                var value = entry.CurrentValues[property];
                var converter = property.GetTypeMapping().Converter;
                parameter.Value = (converter is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
            }
        }

        private static string Quote(string name) => $"\"{name}\"";
    }
}
