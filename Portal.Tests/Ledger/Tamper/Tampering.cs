using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Storage;

namespace Portal.Tests.Ledger.Tamper;

/// <summary>One stored value changed by the smallest step its type allows, and how to put it back.</summary>
public sealed record Tampering(string Table, string Column, string Key, long RowId, object Original, object Changed)
{
    public override string ToString() => $"{Table}.{Column} [{Key}]: {Describe(Original)} -> {Describe(Changed)}";

    private static string Describe(object value) => value is byte[] bytes ? Convert.ToHexStringLower(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}

/// <summary>
/// Changes stored values directly in the SQLite file, as someone with access to the database would: one byte of a
/// hash, one character of a text, one step of a number or time, keeping every value readable as its type (so the
/// checks see a plausible forgery rather than a broken file).
/// </summary>
public sealed class Tamperer(string connectionString, IModel model, Random random)
{
    public async Task<Tampering?> ChangeAsync(string table, string column, long rowId)
    {
        var (entity, property) = Find(table, column);
        await using var connection = await OpenAsync();
        var original = await ReadAsync(connection, table, column, rowId);
        if (original is null or DBNull)
        {
            return null;
        }
        var changed = Mutate(property.ClrType, original);
        if (changed is null)
        {
            return null;
        }
        try
        {
            await WriteAsync(connection, table, column, rowId, changed);
        }
        catch (SqliteException)
        {
            // A unique or foreign key constraint refused this value: the caller picks another.
            return null;
        }
        return new Tampering(table, column, await KeyAsync(connection, entity, rowId), rowId, original, changed);
    }

    public async Task RestoreAsync(Tampering tampering)
    {
        await using var connection = await OpenAsync();
        await WriteAsync(connection, tampering.Table, tampering.Column, tampering.RowId, tampering.Original);
    }

    /// <summary>The rowid of a random row of a table, or null when it is empty.</summary>
    public async Task<long?> RandomRowAsync(string table, string? where = null)
    {
        await using var connection = await OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"{(where is null ? "" : " WHERE " + where)}";
        var rows = (long)(await count.ExecuteScalarAsync())!;
        if (rows == 0)
        {
            return null;
        }
        await using var pick = connection.CreateCommand();
        pick.CommandText = $"SELECT rowid FROM \"{table}\"{(where is null ? "" : " WHERE " + where)} ORDER BY rowid LIMIT 1 OFFSET {random.NextInt64(rows)}";
        return (long)(await pick.ExecuteScalarAsync())!;
    }

    public async Task<T> ValueAsync<T>(string table, string column, long rowId)
    {
        await using var connection = await OpenAsync();
        return (T)Convert.ChangeType((await ReadAsync(connection, table, column, rowId))!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>The columns that are not part of the table's key.</summary>
    public IReadOnlyList<string> ValueColumns(string table)
    {
        var entity = model.GetEntityTypes().Single(e => e.GetTableName() == table);
        var key = entity.FindPrimaryKey()!.Properties;
        return [.. entity.GetProperties().Where(p => !key.Contains(p)).Select(p => p.GetColumnName())];
    }

    public IReadOnlyList<string> ReadModelTables() =>
        [.. model.GetEntityTypes().Select(e => e.GetTableName()!).Where(LedgerTables.IsReadModel).Distinct().Order(StringComparer.Ordinal)];

    private object? Mutate(Type type, object value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (value is byte[] bytes)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
            return copy;
        }
        if (type == typeof(bool))
        {
            return (long)value == 0 ? 1L : 0L;
        }
        if (value is long number)
        {
            // One byte of the number: the low one, so the value stays in range for its column.
            return number ^ random.Next(1, 128);
        }
        if (type.IsEnum && value is string name)
        {
            // Another state, as an operator who wants the change to pass would write (a name the enum lacks stops
            // every reader of the row loudly instead).
            var others = Enum.GetNames(type).Where(n => n != name).ToList();
            return others[random.Next(others.Count)];
        }
        if (value is not string text || text.Length == 0)
        {
            return null;
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            // The seconds' units digit: any other digit is still a valid time.
            return text.Length > 18 && char.IsAsciiDigit(text[18]) ? ReplaceAt(text, 18, OtherDigit(text[18])) : null;
        }
        if (type == typeof(DateOnly))
        {
            return ReplaceAt(text, 2, OtherDigit(text[2])); // a century digit: always a valid date (no leap years near)
        }
        if (type == typeof(decimal))
        {
            var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToList();
            var at = digits[random.Next(digits.Count)];
            return ReplaceAt(text, at, OtherDigit(text[at]));
        }
        var positions = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiLetterOrDigit(text[i])).ToList();
        if (positions.Count == 0)
        {
            return null;
        }
        var position = positions[random.Next(positions.Count)];
        var original = text[position];
        var replacement = char.IsAsciiDigit(original) ? OtherDigit(original)
            : char.IsAsciiLetterUpper(original) ? Other(original, 'A', 26) : Other(original, 'a', 26);
        return ReplaceAt(text, position, replacement);
    }

    private char OtherDigit(char c) => Other(c, '0', 10);

    private char Other(char c, char first, int count) => (char)(first + ((c - first + random.Next(1, count)) % count));

    private static string ReplaceAt(string text, int index, char c) => string.Concat(text.AsSpan(0, index), c.ToString(), text.AsSpan(index + 1));

    private (IEntityType Entity, IProperty Property) Find(string table, string column)
    {
        var entity = model.GetEntityTypes().Single(e => e.GetTableName() == table);
        return (entity, entity.GetProperties().Single(p => p.GetColumnName() == column));
    }

    private static async Task<string> KeyAsync(SqliteConnection connection, IEntityType entity, long rowId)
    {
        var parts = new List<string>();
        foreach (var property in entity.FindPrimaryKey()!.Properties)
        {
            // As the rebuild check names keys: the model's value (through its converter), formatted its way.
            var stored = await ReadAsync(connection, entity.GetTableName()!, property.GetColumnName(), rowId);
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            var value = property.GetTypeMapping().Converter is { } converter ? converter.ConvertFromProvider(stored)
                : type == typeof(decimal) && stored is string text ? decimal.Parse(text, CultureInfo.InvariantCulture)
                : type == typeof(DateOnly) && stored is string day ? DateOnly.Parse(day, CultureInfo.InvariantCulture)
                : type == typeof(DateTimeOffset) && stored is string time ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture)
                : type.IsEnum || stored is null || stored is DBNull ? stored
                : Convert.ChangeType(stored, type, CultureInfo.InvariantCulture);
            parts.Add(ReadModelCheck.FormatKeyPart(value));
        }
        return string.Join("/", parts);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ReadAsync(SqliteConnection connection, string table, string column, long rowId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE rowid = $row";
        command.Parameters.AddWithValue("$row", rowId);
        return await command.ExecuteScalarAsync();
    }

    private static async Task WriteAsync(SqliteConnection connection, string table, string column, long rowId, object value)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE \"{table}\" SET \"{column}\" = $value WHERE rowid = $row";
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$row", rowId);
        await command.ExecuteNonQueryAsync();
    }
}
