using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Ledger.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class FundReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DailyTotals",
                columns: table => new
                {
                    FundId = table.Column<long>(type: "bigint", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    RegionCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    ProgramCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DepartmentCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    RequestCount = table.Column<int>(type: "int", nullable: false),
                    Requested = table.Column<long>(type: "bigint", nullable: false),
                    Approved = table.Column<long>(type: "bigint", nullable: false),
                    Disbursed = table.Column<long>(type: "bigint", nullable: false),
                    Used = table.Column<long>(type: "bigint", nullable: false),
                    Returned = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyTotals", x => new { x.FundId, x.Day, x.RegionCode, x.ProgramCode, x.DepartmentCode });
                });

            migrationBuilder.CreateTable(
                name: "Decisions",
                columns: table => new
                {
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    ApproverId = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Department = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Approved = table.Column<bool>(type: "bit", nullable: false),
                    PolicyVersion = table.Column<int>(type: "int", nullable: false),
                    Comment = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    AtMs = table.Column<long>(type: "bigint", nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Decisions", x => new { x.RequestId, x.ApproverId });
                });

            migrationBuilder.CreateTable(
                name: "Departments",
                columns: table => new
                {
                    Code = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RegionCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Disbursements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    FundId = table.Column<long>(type: "bigint", nullable: false),
                    RegionCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    ProgramCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DepartmentCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: false),
                    BankReference = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    Payee = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    PaidAtMs = table.Column<long>(type: "bigint", nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Disbursements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FundPolicies",
                columns: table => new
                {
                    FundId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    PolicyJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FundPolicies", x => new { x.FundId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "Funds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Currency = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: false),
                    Budget = table.Column<long>(type: "bigint", nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Requested = table.Column<long>(type: "bigint", nullable: false),
                    Approved = table.Column<long>(type: "bigint", nullable: false),
                    Disbursed = table.Column<long>(type: "bigint", nullable: false),
                    Used = table.Column<long>(type: "bigint", nullable: false),
                    Returned = table.Column<long>(type: "bigint", nullable: false),
                    PolicyVersion = table.Column<int>(type: "int", nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Funds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PaymentReferences",
                columns: table => new
                {
                    Reference = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    DisbursementId = table.Column<long>(type: "bigint", nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false),
                    BlockHeight = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentReferences", x => x.Reference);
                });

            migrationBuilder.CreateTable(
                name: "Programs",
                columns: table => new
                {
                    Code = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Programs", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Regions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    ParentCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: true),
                    Level = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Regions", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    FundId = table.Column<long>(type: "bigint", nullable: false),
                    ProgramCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    RegionCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    DepartmentCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    RequesterId = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Beneficiaries = table.Column<int>(type: "int", nullable: false),
                    EvidenceSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    State = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    FiledAtMs = table.Column<long>(type: "bigint", nullable: false),
                    DecidedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    DecidedPolicyVersion = table.Column<int>(type: "int", nullable: true),
                    Approvals = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SupervisorSignedOff = table.Column<bool>(type: "bit", nullable: false),
                    Disbursed = table.Column<long>(type: "bigint", nullable: false),
                    Used = table.Column<long>(type: "bigint", nullable: false),
                    Returned = table.Column<long>(type: "bigint", nullable: false),
                    LastPaidAtMs = table.Column<long>(type: "bigint", nullable: true),
                    LastUsageAtMs = table.Column<long>(type: "bigint", nullable: true),
                    LedgerIndexes = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Sequences",
                columns: table => new
                {
                    Name = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sequences", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "UsageReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    ReporterId = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Category = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    EvidenceSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ReportedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    LedgerIndex = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageReports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DailyTotals_Day",
                table: "DailyTotals",
                column: "Day");

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

            migrationBuilder.CreateIndex(
                name: "IX_Disbursements_RequestId",
                table: "Disbursements",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_Regions_ParentCode",
                table: "Regions",
                column: "ParentCode");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_RequesterId",
                table: "Requests",
                column: "RequesterId");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_State_FundId",
                table: "Requests",
                columns: new[] { "State", "FundId" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageReports_RequestId",
                table: "UsageReports",
                column: "RequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DailyTotals");

            migrationBuilder.DropTable(
                name: "Decisions");

            migrationBuilder.DropTable(
                name: "Departments");

            migrationBuilder.DropTable(
                name: "Disbursements");

            migrationBuilder.DropTable(
                name: "FundPolicies");

            migrationBuilder.DropTable(
                name: "Funds");

            migrationBuilder.DropTable(
                name: "PaymentReferences");

            migrationBuilder.DropTable(
                name: "Programs");

            migrationBuilder.DropTable(
                name: "Regions");

            migrationBuilder.DropTable(
                name: "Requests");

            migrationBuilder.DropTable(
                name: "Sequences");

            migrationBuilder.DropTable(
                name: "UsageReports");
        }
    }
}
