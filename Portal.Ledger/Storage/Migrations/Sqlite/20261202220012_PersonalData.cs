using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Payees were keyed by name; LedgerStore re-derives the rows by key from the disbursements after this.
            migrationBuilder.Sql("DELETE FROM \"PayeeAmounts\";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_PayeeAmounts",
                table: "PayeeAmounts");

            migrationBuilder.DropColumn(
                name: "Payee",
                table: "PayeeAmounts");

            migrationBuilder.AddColumn<string>(
                name: "PayeeKey",
                table: "PayeeAmounts",
                type: "TEXT",
                maxLength: 66,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PayeeCommitment",
                table: "Disbursements",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PayeeErasedAtMs",
                table: "Disbursements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PayeeErasureLedgerIndex",
                table: "Disbursements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PayeeErasureReason",
                table: "Disbursements",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PayeeType",
                table: "Disbursements",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_PayeeAmounts",
                table: "PayeeAmounts",
                columns: new[] { "PayeeKey", "Amount" });

            migrationBuilder.CreateTable(
                name: "ErasureRequests",
                columns: table => new
                {
                    LedgerIndex = table.Column<long>(type: "INTEGER", nullable: false),
                    Record = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ErasedLedgerIndex = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErasureRequests", x => x.LedgerIndex);
                });

            migrationBuilder.CreateTable(
                name: "PersonalDataReads",
                columns: table => new
                {
                    LedgerIndex = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Record = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonalDataReads", x => x.LedgerIndex);
                });

            migrationBuilder.CreateTable(
                name: "PersonalValues",
                columns: table => new
                {
                    Commitment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Record = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Salt = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: true),
                    MatchKey = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    ErasedAtMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonalValues", x => x.Commitment);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ErasureRequests_Record_RecordId",
                table: "ErasureRequests",
                columns: new[] { "Record", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonalDataReads_Record_RecordId",
                table: "PersonalDataReads",
                columns: new[] { "Record", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonalValues_Record_RecordId_Field",
                table: "PersonalValues",
                columns: new[] { "Record", "RecordId", "Field" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ErasureRequests");

            migrationBuilder.DropTable(
                name: "PersonalDataReads");

            migrationBuilder.DropTable(
                name: "PersonalValues");

            migrationBuilder.DropPrimaryKey(
                name: "PK_PayeeAmounts",
                table: "PayeeAmounts");

            migrationBuilder.DropColumn(
                name: "PayeeKey",
                table: "PayeeAmounts");

            migrationBuilder.DropColumn(
                name: "PayeeCommitment",
                table: "Disbursements");

            migrationBuilder.DropColumn(
                name: "PayeeErasedAtMs",
                table: "Disbursements");

            migrationBuilder.DropColumn(
                name: "PayeeErasureLedgerIndex",
                table: "Disbursements");

            migrationBuilder.DropColumn(
                name: "PayeeErasureReason",
                table: "Disbursements");

            migrationBuilder.DropColumn(
                name: "PayeeType",
                table: "Disbursements");

            migrationBuilder.AddColumn<string>(
                name: "Payee",
                table: "PayeeAmounts",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_PayeeAmounts",
                table: "PayeeAmounts",
                columns: new[] { "Payee", "Amount" });
        }
    }
}
