using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvidenceAndUsageFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Empty at first: a purpose is compared normalised and hashed, which SQL cannot do alike on every
            // provider, so evidence cited before this migration counts once `rebuild-projections` has run.
            migrationBuilder.CreateTable(
                name: "EvidenceUses",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: true),
                    RequestIndex = table.Column<long>(type: "INTEGER", nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    PurposeKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UsageRequestId = table.Column<long>(type: "INTEGER", nullable: true),
                    UsageIndex = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvidenceUses", x => x.Sha256);
                });

            migrationBuilder.CreateTable(
                name: "ExactUsages",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reports = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExactUsages", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvidenceUses");

            migrationBuilder.DropTable(
                name: "ExactUsages");
        }
    }
}
