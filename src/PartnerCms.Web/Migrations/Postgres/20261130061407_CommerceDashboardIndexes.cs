using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CommerceDashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OfferDailyViews_OrganizationId_Day",
                table: "OfferDailyViews");

            migrationBuilder.CreateIndex(
                name: "IX_OfferIndex_OrganizationId_CreatedUtc",
                table: "OfferIndex",
                columns: new[] { "OrganizationId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OfferDailyViews_OrganizationId_Day_OfferId_Views",
                table: "OfferDailyViews",
                columns: new[] { "OrganizationId", "Day", "OfferId", "Views" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OfferIndex_OrganizationId_CreatedUtc",
                table: "OfferIndex");

            migrationBuilder.DropIndex(
                name: "IX_OfferDailyViews_OrganizationId_Day_OfferId_Views",
                table: "OfferDailyViews");

            migrationBuilder.CreateIndex(
                name: "IX_OfferDailyViews_OrganizationId_Day",
                table: "OfferDailyViews",
                columns: new[] { "OrganizationId", "Day" });
        }
    }
}
