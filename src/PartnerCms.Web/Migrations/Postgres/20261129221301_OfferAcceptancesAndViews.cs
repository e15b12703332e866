using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PartnerCms.Web.Migrations.Postgres
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
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "OfferAcceptances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OfferId = table.Column<string>(type: "character varying(26)", maxLength: 26, nullable: false),
                    QuoteId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CustomerOrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AcceptedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SignedUp = table.Column<bool>(type: "boolean", nullable: false),
                    DelegatedAdministrationAccepted = table.Column<bool>(type: "boolean", nullable: false),
                    Licences = table.Column<int>(type: "integer", nullable: false),
                    AcceptedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfferAcceptances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfferDailyViews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OfferId = table.Column<string>(type: "character varying(26)", maxLength: 26, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Views = table.Column<int>(type: "integer", nullable: false)
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
