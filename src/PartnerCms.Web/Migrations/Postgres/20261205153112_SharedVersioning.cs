using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PartnerCms.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedVersioning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartnerBrandingVersions");

            migrationBuilder.DropTable(
                name: "WorkflowTypeVersions");

            migrationBuilder.DropColumn(
                name: "Draft",
                table: "WorkflowTypes");

            migrationBuilder.DropColumn(
                name: "DraftRevision",
                table: "WorkflowTypes");

            migrationBuilder.DropColumn(
                name: "DraftSavedBy",
                table: "WorkflowTypes");

            migrationBuilder.DropColumn(
                name: "DraftSavedUtc",
                table: "WorkflowTypes");

            migrationBuilder.DropColumn(
                name: "Draft",
                table: "PartnerBrandings");

            migrationBuilder.DropColumn(
                name: "DraftSavedBy",
                table: "PartnerBrandings");

            migrationBuilder.DropColumn(
                name: "DraftSavedUtc",
                table: "PartnerBrandings");

            migrationBuilder.DropColumn(
                name: "Published",
                table: "PartnerBrandings");

            migrationBuilder.DropColumn(
                name: "PublishedUtc",
                table: "PartnerBrandings");

            migrationBuilder.DropColumn(
                name: "PublishedVersion",
                table: "PartnerBrandings");

            migrationBuilder.AddColumn<string>(
                name: "StartEvents",
                table: "WorkflowTypes",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "ContentItems",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StartEvents",
                table: "WorkflowTypes");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "ContentItems");

            migrationBuilder.AddColumn<string>(
                name: "Draft",
                table: "WorkflowTypes",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DraftRevision",
                table: "WorkflowTypes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "DraftSavedBy",
                table: "WorkflowTypes",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DraftSavedUtc",
                table: "WorkflowTypes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Draft",
                table: "PartnerBrandings",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DraftSavedBy",
                table: "PartnerBrandings",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DraftSavedUtc",
                table: "PartnerBrandings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Published",
                table: "PartnerBrandings",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedUtc",
                table: "PartnerBrandings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PublishedVersion",
                table: "PartnerBrandings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "PartnerBrandingVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    PublishedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Settings = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerBrandingVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowTypeVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Definition = table.Column<string>(type: "text", nullable: false),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StartEvents = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    WorkflowTypeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowTypeVersions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerBrandingVersions_OrganizationId_Version",
                table: "PartnerBrandingVersions",
                columns: new[] { "OrganizationId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTypeVersions_WorkflowTypeId_Version",
                table: "WorkflowTypeVersions",
                columns: new[] { "WorkflowTypeId", "Version" },
                unique: true);
        }
    }
}
