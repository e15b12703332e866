using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AcceptanceSubmissionId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubmissionId",
                table: "OfferAcceptances",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OfferAcceptances_OfferId_SubmissionId",
                table: "OfferAcceptances",
                columns: new[] { "OfferId", "SubmissionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OfferAcceptances_OfferId_SubmissionId",
                table: "OfferAcceptances");

            migrationBuilder.DropColumn(
                name: "SubmissionId",
                table: "OfferAcceptances");
        }
    }
}
