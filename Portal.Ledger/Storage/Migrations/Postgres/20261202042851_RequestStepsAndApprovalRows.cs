using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "FiledLedgerIndex",
                table: "Requests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LastLedgerIndex",
                table: "Requests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "CountsAsApproval",
                table: "Decisions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "RequestSteps",
                columns: table => new
                {
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestSteps", x => new { x.RequestId, x.LedgerIndex });
                });

            // The delimited columns become rows and typed columns: the request's steps from its index list, its first
            // and last step, and which approvals counted (a sign-off alone was marked with '!').
            migrationBuilder.Sql(@"INSERT INTO ""RequestSteps"" (""RequestId"", ""LedgerIndex"")
SELECT DISTINCT r.""Id"", s::bigint FROM ""Requests"" r CROSS JOIN LATERAL unnest(string_to_array(r.""LedgerIndexes"", ',')) AS s WHERE s <> '';");

            migrationBuilder.Sql(@"UPDATE ""Requests"" SET ""FiledLedgerIndex"" = (SELECT MIN(s.""LedgerIndex"") FROM ""RequestSteps"" s WHERE s.""RequestId"" = ""Requests"".""Id""),
    ""LastLedgerIndex"" = (SELECT MAX(s.""LedgerIndex"") FROM ""RequestSteps"" s WHERE s.""RequestId"" = ""Requests"".""Id"")
WHERE EXISTS (SELECT 1 FROM ""RequestSteps"" s WHERE s.""RequestId"" = ""Requests"".""Id"");");

            migrationBuilder.Sql(@"UPDATE ""Decisions"" SET ""CountsAsApproval"" = TRUE
WHERE ""Approved"" AND EXISTS (SELECT 1 FROM ""Requests"" r WHERE r.""Id"" = ""Decisions"".""RequestId""
    AND strpos(';' || r.""Approvals"" || ';', ';' || ""Decisions"".""ApproverId"" || '@' || ""Decisions"".""Department"" || ';') > 0);");

            migrationBuilder.Sql(@"UPDATE ""Requests"" SET ""ApprovalsCounted"" = (SELECT COUNT(*) FROM ""Decisions"" d
    WHERE d.""RequestId"" = ""Requests"".""Id"" AND d.""CountsAsApproval"" = TRUE);");

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
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LedgerIndexes",
                table: "Requests",
                type: "text",
                nullable: false,
                defaultValue: "");
        }
    }
}
