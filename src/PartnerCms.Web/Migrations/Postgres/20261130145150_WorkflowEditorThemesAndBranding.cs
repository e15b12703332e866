using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PartnerCms.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WorkflowEditorThemesAndBranding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.AddColumn<long>(
                name: "ActiveMs",
                table: "WorkflowInstances",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Depth",
                table: "OutboxMessages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "BrandingAssets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Extension = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrandingAssets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfferFirstViews",
                columns: table => new
                {
                    OfferId = table.Column<string>(type: "character varying(26)", maxLength: 26, nullable: false),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ViewedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfferFirstViews", x => x.OfferId);
                });

            migrationBuilder.CreateTable(
                name: "PartnerBrandings",
                columns: table => new
                {
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Draft = table.Column<string>(type: "text", nullable: false),
                    DraftSavedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DraftSavedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Published = table.Column<string>(type: "text", nullable: true),
                    PublishedVersion = table.Column<int>(type: "integer", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LayoutError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LayoutErrorUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerBrandings", x => x.OrganizationId);
                });

            migrationBuilder.CreateTable(
                name: "PartnerBrandingVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Settings = table.Column<string>(type: "text", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerBrandingVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SiteSettings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Value = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteSettings", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_OrganizationId_CreatedUtc",
                table: "WorkflowInstances",
                columns: new[] { "OrganizationId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerBrandingVersions_OrganizationId_Version",
                table: "PartnerBrandingVersions",
                columns: new[] { "OrganizationId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BrandingAssets");

            migrationBuilder.DropTable(
                name: "OfferFirstViews");

            migrationBuilder.DropTable(
                name: "PartnerBrandings");

            migrationBuilder.DropTable(
                name: "PartnerBrandingVersions");

            migrationBuilder.DropTable(
                name: "SiteSettings");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_OrganizationId_CreatedUtc",
                table: "WorkflowInstances");

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
                name: "ActiveMs",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "Depth",
                table: "OutboxMessages");
        }
    }
}
