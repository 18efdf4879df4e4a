using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Feedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Value",
                table: "PersonalValues",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "Feedback",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Record = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    FundId = table.Column<long>(type: "bigint", nullable: false),
                    RegionCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    DepartmentCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    TextCommitment = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ContactCommitment = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Status = table.Column<int>(type: "int", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false),
                    LastIndex = table.Column<long>(type: "bigint", nullable: false),
                    FirstAnsweredAtMs = table.Column<long>(type: "bigint", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    ClosedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    HiddenAtMs = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Feedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackPhotos",
                columns: table => new
                {
                    FeedbackId = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackPhotos", x => new { x.FeedbackId, x.Sha256 });
                });

            migrationBuilder.CreateTable(
                name: "FeedbackSteps",
                columns: table => new
                {
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false),
                    FeedbackId = table.Column<long>(type: "bigint", nullable: false),
                    Step = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Role = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Department = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Text = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    AtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackSteps", x => x.LedgerIndex);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Feedback_Record_RecordId",
                table: "Feedback",
                columns: new[] { "Record", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_Feedback_RequestId",
                table: "Feedback",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_Feedback_Status_CreatedAtMs",
                table: "Feedback",
                columns: new[] { "Status", "CreatedAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackPhotos_Sha256",
                table: "FeedbackPhotos",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackSteps_FeedbackId",
                table: "FeedbackSteps",
                column: "FeedbackId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Feedback");

            migrationBuilder.DropTable(
                name: "FeedbackPhotos");

            migrationBuilder.DropTable(
                name: "FeedbackSteps");

            migrationBuilder.AlterColumn<string>(
                name: "Value",
                table: "PersonalValues",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(2000)",
                oldMaxLength: 2000,
                oldNullable: true);
        }
    }
}
