using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OfferAcceptancesAndViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CreatedUtc",
                table: "OfferIndex",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "OfferAcceptances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OfferId = table.Column<string>(type: "TEXT", maxLength: 26, nullable: false),
                    QuoteId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CustomerOrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AcceptedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SignedUp = table.Column<bool>(type: "INTEGER", nullable: false),
                    DelegatedAdministrationAccepted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Licences = table.Column<int>(type: "INTEGER", nullable: false),
                    AcceptedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfferAcceptances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfferDailyViews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OfferId = table.Column<string>(type: "TEXT", maxLength: 26, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Views = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfferDailyViews", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OfferAcceptances_OfferId_CustomerOrganizationId",
                table: "OfferAcceptances",
                columns: new[] { "OfferId", "CustomerOrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OfferAcceptances_OrganizationId_AcceptedUtc",
                table: "OfferAcceptances",
                columns: new[] { "OrganizationId", "AcceptedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OfferDailyViews_OfferId_Day",
                table: "OfferDailyViews",
                columns: new[] { "OfferId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OfferDailyViews_OrganizationId_Day",
                table: "OfferDailyViews",
                columns: new[] { "OrganizationId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OfferAcceptances");

            migrationBuilder.DropTable(
                name: "OfferDailyViews");

            migrationBuilder.DropColumn(
                name: "CreatedUtc",
                table: "OfferIndex");
        }
    }
}
