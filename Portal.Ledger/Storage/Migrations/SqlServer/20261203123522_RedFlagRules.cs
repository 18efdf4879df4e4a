using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RedFlagRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FirstApprovedAtMs",
                table: "Requests",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FirstApprovedIndex",
                table: "Requests",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DepartmentCode",
                table: "Anomalies",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LedgerIndexes",
                table: "Anomalies",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "Anomalies",
                type: "nvarchar(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestIds",
                table: "Anomalies",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RuleVersion",
                table: "Anomalies",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FilingWindows",
                columns: table => new
                {
                    Key = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Filings = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FilingWindows", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "FlagRules",
                columns: table => new
                {
                    Version = table.Column<int>(type: "int", nullable: false),
                    RulesJson = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false),
                    SetAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlagRules", x => x.Version);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Anomalies_DetectedAtMs_LedgerIndex",
                table: "Anomalies",
                columns: new[] { "DetectedAtMs", "LedgerIndex" });

            // The first approval of every request approved before these columns existed, as the projector now records it.
            migrationBuilder.Sql(@"UPDATE [Requests] SET [FirstApprovedIndex] = (SELECT MIN(d.[LedgerIndex]) FROM [Decisions] AS d WHERE d.[RequestId] = [Requests].[Id] AND d.[Approved] = 1), [FirstApprovedAtMs] = (SELECT MIN(d.[AtMs]) FROM [Decisions] AS d WHERE d.[RequestId] = [Requests].[Id] AND d.[Approved] = 1);");

            // A duplicate payment is now on another request: instalments of one request flagged before are withdrawn.
            migrationBuilder.Sql(@"DELETE FROM [Anomalies] WHERE [Kind] = N'duplicate-payment' AND [Facts] IS NOT NULL AND [RequestId] = (SELECT d.[RequestId] FROM [Disbursements] AS d WHERE d.[Id] = CAST(JSON_VALUE([Anomalies].[Facts], '$.earlierDisbursementId') AS bigint));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FilingWindows");

            migrationBuilder.DropTable(
                name: "FlagRules");

            migrationBuilder.DropIndex(
                name: "IX_Anomalies_DetectedAtMs_LedgerIndex",
                table: "Anomalies");

            migrationBuilder.DropColumn(
                name: "FirstApprovedAtMs",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "FirstApprovedIndex",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "DepartmentCode",
                table: "Anomalies");

            migrationBuilder.DropColumn(
                name: "LedgerIndexes",
                table: "Anomalies");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "Anomalies");

            migrationBuilder.DropColumn(
                name: "RequestIds",
                table: "Anomalies");

            migrationBuilder.DropColumn(
                name: "RuleVersion",
                table: "Anomalies");
        }
    }
}
