using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CostDistributions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Empty at first: the distribution is binned on a log scale, which SQL cannot do alike on every provider,
            // so the filings before this migration count once `rebuild-projections` has run.
            migrationBuilder.CreateTable(
                name: "CostDistributions",
                columns: table => new
                {
                    Key = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Bins = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CostDistributions", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CostDistributions");
        }
    }
}
