using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HeadlineExperiments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HeadlineExperiments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    HeadlineA = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IntroductionA = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    HeadlineB = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IntroductionB = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SplitB = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StoppedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StoppedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Winner = table.Column<string>(type: "TEXT", maxLength: 1, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OpenSlot = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeadlineExperiments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HeadlineExperimentTallies",
                columns: table => new
                {
                    ExperimentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Variant = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Views = table.Column<long>(type: "INTEGER", nullable: false),
                    SignUps = table.Column<long>(type: "INTEGER", nullable: false),
                    Acceptances = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeadlineExperimentTallies", x => new { x.ExperimentId, x.Variant });
                });

            migrationBuilder.CreateIndex(
                name: "IX_HeadlineExperiments_OrganizationId_CreatedUtc",
                table: "HeadlineExperiments",
                columns: new[] { "OrganizationId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_HeadlineExperiments_OrganizationId_OpenSlot",
                table: "HeadlineExperiments",
                columns: new[] { "OrganizationId", "OpenSlot" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HeadlineExperiments");

            migrationBuilder.DropTable(
                name: "HeadlineExperimentTallies");
        }
    }
}
