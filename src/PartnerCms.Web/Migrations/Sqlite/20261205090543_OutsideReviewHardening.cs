using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutsideReviewHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FromName",
                table: "OutgoingMails",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyTo",
                table: "OutgoingMails",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingMails_OrganizationId_CreatedUtc",
                table: "OutgoingMails",
                columns: new[] { "OrganizationId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingMails_OrganizationId_Source",
                table: "OutgoingMails",
                columns: new[] { "OrganizationId", "Source" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutgoingMails_OrganizationId_CreatedUtc",
                table: "OutgoingMails");

            migrationBuilder.DropIndex(
                name: "IX_OutgoingMails_OrganizationId_Source",
                table: "OutgoingMails");

            migrationBuilder.DropColumn(
                name: "FromName",
                table: "OutgoingMails");

            migrationBuilder.DropColumn(
                name: "ReplyTo",
                table: "OutgoingMails");
        }
    }
}
