namespace Portal.Ledger.Storage.Migrations;

/// <summary>
/// The FlagEvidence migration's data step, one text per provider: flags stored before it get the region, department,
/// requests and ledger entries the projector now records with each, and every request the mask of its flags' kinds.
/// </summary>
internal static class FlagEvidenceSql
{
    public enum Dialect
    {
        Sqlite,
        Postgres,
        SqlServer,
    }

    // The risk score's stored order at this migration (RiskScore's list only ever grows at its end).
    private static readonly (string Kind, int Bit)[] StoredKinds =
    [
        ("payment-without-approval", 1), ("duplicate-payment", 2), ("threshold-splitting", 4), ("rapid-approval", 8), ("cancel-and-refile", 16),
    ];

    public static IEnumerable<string> Statements(Dialect dialect)
    {
        string Q(string name) => dialect == Dialect.SqlServer ? $"[{name}]" : $"\"{name}\"";
        string Text(string column) => dialect switch
        {
            Dialect.Postgres => $"CAST({column} AS text)",
            Dialect.SqlServer => $"CAST({column} AS nvarchar(20))",
            _ => $"CAST({column} AS TEXT)",
        };
        string Pair(string first, string second) => dialect == Dialect.SqlServer
            ? $"CONCAT({Text(first)}, ',', {Text(second)})"
            : $"{Text(first)} || ',' || {Text(second)}";
        string Literal(string text) => dialect == Dialect.SqlServer ? $"N'{text}'" : $"'{text}'";
        var earlier = dialect switch
        {
            Dialect.Postgres => $"({Q("Anomalies")}.{Q("Facts")}::json->>'earlierDisbursementId')::bigint",
            Dialect.SqlServer => $"CAST(JSON_VALUE({Q("Anomalies")}.{Q("Facts")}, '$.earlierDisbursementId') AS bigint)",
            _ => $"json_extract({Q("Anomalies")}.{Q("Facts")}, '$.earlierDisbursementId')",
        };
        string A(string column) => $"{Q("Anomalies")}.{Q(column)}";

        yield return $"UPDATE {Q("Anomalies")} SET "
            + $"{Q("RegionCode")} = (SELECT r.{Q("RegionCode")} FROM {Q("Requests")} AS r WHERE r.{Q("Id")} = {A("RequestId")}), "
            + $"{Q("DepartmentCode")} = (SELECT r.{Q("DepartmentCode")} FROM {Q("Requests")} AS r WHERE r.{Q("Id")} = {A("RequestId")}) "
            + $"WHERE {Q("RegionCode")} IS NULL;";

        yield return $"UPDATE {Q("Anomalies")} SET {Q("LedgerIndexes")} = "
            + $"(SELECT {Pair($"r.{Q("FiledLedgerIndex")}", A("LedgerIndex"))} FROM {Q("Requests")} AS r WHERE r.{Q("Id")} = {A("RequestId")}) "
            + $"WHERE {Q("Kind")} = {Literal("payment-without-approval")} AND {Q("LedgerIndexes")} IS NULL;";

        yield return $"UPDATE {Q("Anomalies")} SET "
            + $"{Q("LedgerIndexes")} = (SELECT {Pair($"d.{Q("LedgerIndex")}", A("LedgerIndex"))} FROM {Q("Disbursements")} AS d WHERE d.{Q("Id")} = {earlier}), "
            + $"{Q("RequestIds")} = (SELECT CASE WHEN d.{Q("RequestId")} < {A("RequestId")} THEN {Pair($"d.{Q("RequestId")}", A("RequestId"))} "
            + $"ELSE {Pair(A("RequestId"), $"d.{Q("RequestId")}")} END FROM {Q("Disbursements")} AS d WHERE d.{Q("Id")} = {earlier}) "
            + $"WHERE {Q("Kind")} = {Literal("duplicate-payment")} AND {Q("Facts")} IS NOT NULL AND {Q("LedgerIndexes")} IS NULL;";

        foreach (var (kind, bit) in StoredKinds)
        {
            var listed = dialect switch
            {
                Dialect.Postgres => $"SELECT CAST(unnest(string_to_array(a.{Q("RequestIds")}, ',')) AS bigint) FROM {Q("Anomalies")} AS a "
                    + $"WHERE a.{Q("Kind")} = {Literal(kind)} AND a.{Q("RequestIds")} IS NOT NULL",
                Dialect.SqlServer => $"SELECT CAST(s.value AS bigint) FROM {Q("Anomalies")} AS a CROSS APPLY STRING_SPLIT(a.{Q("RequestIds")}, ',') AS s "
                    + $"WHERE a.{Q("Kind")} = {Literal(kind)} AND a.{Q("RequestIds")} IS NOT NULL",
                _ => "WITH RECURSIVE split(rest, id) AS ("
                    + $"SELECT a.{Q("RequestIds")} || ',', NULL FROM {Q("Anomalies")} AS a WHERE a.{Q("Kind")} = {Literal(kind)} AND a.{Q("RequestIds")} IS NOT NULL "
                    + "UNION ALL SELECT substr(rest, instr(rest, ',') + 1), CAST(substr(rest, 1, instr(rest, ',') - 1) AS INTEGER) FROM split WHERE rest <> '') "
                    + "SELECT id FROM split WHERE id IS NOT NULL",
            };
            yield return $"UPDATE {Q("Requests")} SET {Q("FlagKinds")} = {Q("FlagKinds")} | {bit} "
                + $"WHERE {Q("Id")} IN (SELECT a.{Q("RequestId")} FROM {Q("Anomalies")} AS a WHERE a.{Q("Kind")} = {Literal(kind)}) OR {Q("Id")} IN ({listed});";
        }
    }
}
