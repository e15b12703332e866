using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkflowEditor : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_OrganizationId_CreatedUtc",
                table: "WorkflowInstances",
                columns: new[] { "OrganizationId", "CreatedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
