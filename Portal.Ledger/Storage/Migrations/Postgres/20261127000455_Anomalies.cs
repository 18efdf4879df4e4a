using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Anomalies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Anomalies",
                columns: table => new
                {
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FundId = table.Column<long>(type: "bigint", nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    DisbursementId = table.Column<long>(type: "bigint", nullable: true),
                    DetectedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Anomalies", x => new { x.LedgerIndex, x.Kind });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_LastPaidAtMs",
                table: "Requests",
                column: "LastPaidAtMs");

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_Payee_Amount_PaidAtMs",
                table: "Disbursements",
                columns: new[] { "Payee", "Amount", "PaidAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_Anomalies_RequestId",
                table: "Anomalies",
                column: "RequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Anomalies");

            migrationBuilder.DropIndex(
                name: "IX_Requests_LastPaidAtMs",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_Payee_Amount_PaidAtMs",
                table: "Disbursements");
        }
    }
}
