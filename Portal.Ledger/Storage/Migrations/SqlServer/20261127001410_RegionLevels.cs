using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RegionLevels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Disbursements_DepartmentCode_PaidAtMs",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_FundId_PaidAtMs",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_PaidAtMs",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_ProgramCode_PaidAtMs",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_RegionCode_PaidAtMs",
                table: "Disbursements");

            migrationBuilder.AddColumn<string>(
                name: "CountyCode",
                table: "Disbursements",
                type: "nvarchar(6)",
                maxLength: 6,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PrefectureCode",
                table: "Disbursements",
                type: "nvarchar(4)",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ProvinceCode",
                table: "Disbursements",
                type: "nvarchar(2)",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            // Existing payments get their region's ancestors from their own code.
            migrationBuilder.Sql(
                "UPDATE [Disbursements] SET [ProvinceCode] = SUBSTRING([RegionCode], 1, 2), " +
                "[PrefectureCode] = CASE WHEN LEN([RegionCode]) >= 4 THEN SUBSTRING([RegionCode], 1, 4) ELSE '' END, " +
                "[CountyCode] = CASE WHEN LEN([RegionCode]) >= 6 THEN SUBSTRING([RegionCode], 1, 6) ELSE '' END");

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_CountyCode_PaidAtMs_Id",
                table: "Disbursements",
                columns: new[] { "CountyCode", "PaidAtMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_DepartmentCode_PaidAtMs_Id",
                table: "Disbursements",
                columns: new[] { "DepartmentCode", "PaidAtMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_FundId_PaidAtMs_Id",
                table: "Disbursements",
                columns: new[] { "FundId", "PaidAtMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_PaidAtMs_Id",
                table: "Disbursements",
                columns: new[] { "PaidAtMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_PrefectureCode_PaidAtMs_Id",
                table: "Disbursements",
                columns: new[] { "PrefectureCode", "PaidAtMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_ProgramCode_PaidAtMs_Id",
                table: "Disbursements",
                columns: new[] { "ProgramCode", "PaidAtMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_ProvinceCode_PaidAtMs_Id",
                table: "Disbursements",
                columns: new[] { "ProvinceCode", "PaidAtMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_RegionCode_PaidAtMs_Id",
                table: "Disbursements",
                columns: new[] { "RegionCode", "PaidAtMs", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Disbursements_CountyCode_PaidAtMs_Id",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_DepartmentCode_PaidAtMs_Id",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_FundId_PaidAtMs_Id",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_PaidAtMs_Id",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_PrefectureCode_PaidAtMs_Id",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_ProgramCode_PaidAtMs_Id",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_ProvinceCode_PaidAtMs_Id",
                table: "Disbursements");

            migrationBuilder.DropIndex(
                name: "IX_Disbursements_RegionCode_PaidAtMs_Id",
                table: "Disbursements");

            migrationBuilder.DropColumn(
                name: "CountyCode",
                table: "Disbursements");

            migrationBuilder.DropColumn(
                name: "PrefectureCode",
                table: "Disbursements");

            migrationBuilder.DropColumn(
                name: "ProvinceCode",
                table: "Disbursements");

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_DepartmentCode_PaidAtMs",
                table: "Disbursements",
                columns: new[] { "DepartmentCode", "PaidAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_FundId_PaidAtMs",
                table: "Disbursements",
                columns: new[] { "FundId", "PaidAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_PaidAtMs",
                table: "Disbursements",
                column: "PaidAtMs");

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_ProgramCode_PaidAtMs",
                table: "Disbursements",
                columns: new[] { "ProgramCode", "PaidAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_RegionCode_PaidAtMs",
                table: "Disbursements",
                columns: new[] { "RegionCode", "PaidAtMs" });
        }
    }
}
