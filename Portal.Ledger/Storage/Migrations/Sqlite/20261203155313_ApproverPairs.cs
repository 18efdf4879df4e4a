using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApproverPairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Empty at first: the approvals before this migration count once `rebuild-projections` has run.
            migrationBuilder.CreateTable(
                name: "ApproverPairs",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Flagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    SignOffs = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApproverPairs", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "SignOffCounts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Approvers = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignOffCounts", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApproverPairs");

            migrationBuilder.DropTable(
                name: "SignOffCounts");
        }
    }
}
