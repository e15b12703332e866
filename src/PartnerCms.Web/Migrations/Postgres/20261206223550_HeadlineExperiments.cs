using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PartnerCms.Web.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HeadlineA = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IntroductionA = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    HeadlineB = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IntroductionB = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    SplitB = table.Column<int>(type: "integer", nullable: false),
                    StartsUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndsUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StoppedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StoppedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Winner = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OpenSlot = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeadlineExperiments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HeadlineExperimentTallies",
                columns: table => new
                {
                    ExperimentId = table.Column<long>(type: "bigint", nullable: false),
                    Variant = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Views = table.Column<long>(type: "bigint", nullable: false),
                    SignUps = table.Column<long>(type: "bigint", nullable: false),
                    Acceptances = table.Column<long>(type: "bigint", nullable: false)
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
