using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RequestStepsAndApprovalRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ApprovalsCounted",
                table: "Requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "FiledLedgerIndex",
                table: "Requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LastLedgerIndex",
                table: "Requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "CountsAsApproval",
                table: "Decisions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "RequestSteps",
                columns: table => new
                {
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    LedgerIndex = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestSteps", x => new { x.RequestId, x.LedgerIndex });
                });

            // The delimited columns become rows and typed columns: the request's steps from its index list, its first
            // and last step, and which approvals counted (a sign-off alone was marked with '!').
            migrationBuilder.Sql(@"WITH RECURSIVE ""Split"" (""RequestId"", ""Head"", ""Rest"") AS (
    SELECT ""Id"", '', ""LedgerIndexes"" || ',' FROM ""Requests""
    UNION ALL
    SELECT ""RequestId"", substr(""Rest"", 1, instr(""Rest"", ',') - 1), substr(""Rest"", instr(""Rest"", ',') + 1) FROM ""Split"" WHERE ""Rest"" <> '')
INSERT INTO ""RequestSteps"" (""RequestId"", ""LedgerIndex"")
SELECT DISTINCT ""RequestId"", CAST(""Head"" AS INTEGER) FROM ""Split"" WHERE ""Head"" <> '';");

            migrationBuilder.Sql(@"UPDATE ""Requests"" SET ""FiledLedgerIndex"" = (SELECT MIN(s.""LedgerIndex"") FROM ""RequestSteps"" s WHERE s.""RequestId"" = ""Requests"".""Id""),
    ""LastLedgerIndex"" = (SELECT MAX(s.""LedgerIndex"") FROM ""RequestSteps"" s WHERE s.""RequestId"" = ""Requests"".""Id"")
WHERE EXISTS (SELECT 1 FROM ""RequestSteps"" s WHERE s.""RequestId"" = ""Requests"".""Id"");");

            migrationBuilder.Sql(@"UPDATE ""Decisions"" SET ""CountsAsApproval"" = 1
WHERE ""Approved"" = 1 AND EXISTS (SELECT 1 FROM ""Requests"" r WHERE r.""Id"" = ""Decisions"".""RequestId""
    AND instr(';' || r.""Approvals"" || ';', ';' || ""Decisions"".""ApproverId"" || '@' || ""Decisions"".""Department"" || ';') > 0);");

            migrationBuilder.Sql(@"UPDATE ""Requests"" SET ""ApprovalsCounted"" = (SELECT COUNT(*) FROM ""Decisions"" d
    WHERE d.""RequestId"" = ""Requests"".""Id"" AND d.""CountsAsApproval"" = 1);");

            migrationBuilder.DropColumn(
                name: "Approvals",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "LedgerIndexes",
                table: "Requests");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RequestSteps");

            migrationBuilder.DropColumn(
                name: "ApprovalsCounted",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "FiledLedgerIndex",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "LastLedgerIndex",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "CountsAsApproval",
                table: "Decisions");

            migrationBuilder.AddColumn<string>(
                name: "Approvals",
                table: "Requests",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LedgerIndexes",
                table: "Requests",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
