using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FlagEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FlagKinds",
                table: "Requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_State_Disbursed_DecidedAtMs_Id",
                table: "Requests",
                columns: new[] { "State", "Disbursed", "DecidedAtMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Used_Returned_LastPaidAtMs_Id",
                table: "Requests",
                columns: new[] { "Used", "Returned", "LastPaidAtMs", "Id" });

            // Flags stored before: the evidence and requests the projector now records with each, and each request's mask.
            foreach (var statement in FlagEvidenceSql.Statements(FlagEvidenceSql.Dialect.Sqlite))
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_State_Disbursed_DecidedAtMs_Id",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Used_Returned_LastPaidAtMs_Id",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "FlagKinds",
                table: "Requests");
        }
    }
}
