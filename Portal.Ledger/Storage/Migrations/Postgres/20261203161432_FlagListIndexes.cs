using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FlagListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Decisions_AtMs",
                table: "Decisions",
                column: "AtMs");

            migrationBuilder.CreateIndex(
                name: "IX_Anomalies_Kind_DetectedAtMs_LedgerIndex",
                table: "Anomalies",
                columns: new[] { "Kind", "DetectedAtMs", "LedgerIndex" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Decisions_AtMs",
                table: "Decisions");

            migrationBuilder.DropIndex(
                name: "IX_Anomalies_Kind_DetectedAtMs_LedgerIndex",
                table: "Anomalies");
        }
    }
}
