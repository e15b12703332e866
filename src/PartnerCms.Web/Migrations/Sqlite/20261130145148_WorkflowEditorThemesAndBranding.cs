using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DraftRevision",
                table: "WorkflowTypes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "DraftSavedBy",
                table: "WorkflowTypes",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DraftSavedUtc",
                table: "WorkflowTypes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ActiveMs",
                table: "WorkflowInstances",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Depth",
                table: "OutboxMessages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "BrandingAssets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Extension = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrandingAssets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfferFirstViews",
                columns: table => new
                {
                    OfferId = table.Column<string>(type: "TEXT", maxLength: 26, nullable: false),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ViewedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfferFirstViews", x => x.OfferId);
                });

            migrationBuilder.CreateTable(
                name: "PartnerBrandings",
                columns: table => new
                {
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Draft = table.Column<string>(type: "TEXT", nullable: false),
                    DraftSavedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DraftSavedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Published = table.Column<string>(type: "TEXT", nullable: true),
                    PublishedVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LayoutError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LayoutErrorUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerBrandings", x => x.OrganizationId);
                });

            migrationBuilder.CreateTable(
                name: "PartnerBrandingVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Settings = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerBrandingVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SiteSettings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
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
