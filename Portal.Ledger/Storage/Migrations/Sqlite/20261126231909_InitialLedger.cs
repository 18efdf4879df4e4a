using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Checkpoints",
                columns: table => new
                {
                    TreeSize = table.Column<long>(type: "INTEGER", nullable: false),
                    RootHash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    KeyName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: false),
                    TimestampMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Checkpoints", x => x.TreeSize);
                });

            migrationBuilder.CreateTable(
                name: "LedgerBlocks",
                columns: table => new
                {
                    Height = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    PreviousHash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    FirstIndex = table.Column<long>(type: "INTEGER", nullable: false),
                    EntryCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TreeSize = table.Column<long>(type: "INTEGER", nullable: false),
                    TreeRoot = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    TimestampMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerBlocks", x => x.Height);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Index = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHeight = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    TimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    LeafHash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Index);
                });

            migrationBuilder.CreateTable(
                name: "MerkleNodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MerkleNodes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerBlocks_FirstIndex",
                table: "LedgerBlocks",
                column: "FirstIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerBlocks_PreviousHash",
                table: "LedgerBlocks",
                column: "PreviousHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerBlocks_TreeSize",
                table: "LedgerBlocks",
                column: "TreeSize",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_BlockHeight",
                table: "LedgerEntries",
                column: "BlockHeight");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Checkpoints");

            migrationBuilder.DropTable(
                name: "LedgerBlocks");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "MerkleNodes");
        }
    }
}
