using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RelationshipLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EndsUtc",
                table: "DelegatedRelationshipIndex",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "DelegatedRelationshipIndex",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedRelationshipIndex_Status_EndsUtc",
                table: "DelegatedRelationshipIndex",
                columns: new[] { "Status", "EndsUtc" });

            // Rows written before statuses were indexed: inactive ones were removed.
            migrationBuilder.Sql("UPDATE \"DelegatedRelationshipIndex\" SET \"Status\" = 1 WHERE NOT \"Active\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DelegatedRelationshipIndex_Status_EndsUtc",
                table: "DelegatedRelationshipIndex");

            migrationBuilder.DropColumn(
                name: "EndsUtc",
                table: "DelegatedRelationshipIndex");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "DelegatedRelationshipIndex");
        }
    }
}
