using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DefinitionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LedgerIndex",
                table: "Regions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LedgerIndex",
                table: "Programs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LedgerIndex",
                table: "Departments",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LedgerIndex",
                table: "Regions");

            migrationBuilder.DropColumn(
                name: "LedgerIndex",
                table: "Programs");

            migrationBuilder.DropColumn(
                name: "LedgerIndex",
                table: "Departments");
        }
    }
}
