using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PayeeAmounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Disbursements_Payee_Amount_PaidAtMs",
                table: "Disbursements");

            migrationBuilder.CreateTable(
                name: "PayeeAmounts",
                columns: table => new
                {
                    Payee = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    LastPaidAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    LastDisbursementId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PayeeAmounts", x => new { x.Payee, x.Amount });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PayeeAmounts");

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_Payee_Amount_PaidAtMs",
                table: "Disbursements",
                columns: new[] { "Payee", "Amount", "PaidAtMs" });
        }
    }
}
