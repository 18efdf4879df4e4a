using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LedgerIndex",
                table: "Programs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LedgerIndex",
                table: "Departments",
                type: "INTEGER",
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
