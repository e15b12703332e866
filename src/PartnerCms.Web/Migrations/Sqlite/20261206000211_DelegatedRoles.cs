using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerCms.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DelegatedRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Roles",
                table: "OnBehalfSessions",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ApprovedRoles",
                table: "DelegatedRelationshipIndex",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "AutoExtend",
                table: "DelegatedRelationshipIndex",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ChangedUtc",
                table: "DelegatedRelationshipIndex",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextDueUtc",
                table: "DelegatedRelationshipIndex",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RenewalPending",
                table: "DelegatedRelationshipIndex",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "PartnerCustomerTags",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomerOrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerCustomerTags", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartnerTeams",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerTeams", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartnerTeamAssignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomerOrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TeamId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerTeamAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerTeamAssignments_PartnerTeams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "PartnerTeams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PartnerTeamMembers",
                columns: table => new
                {
                    TeamId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerTeamMembers", x => new { x.TeamId, x.UserId });
                    table.ForeignKey(
                        name: "FK_PartnerTeamMembers_PartnerTeams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "PartnerTeams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedRelationshipIndex_NextDueUtc",
                table: "DelegatedRelationshipIndex",
                column: "NextDueUtc");

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedRelationshipIndex_PartnerOrganizationId_Status_EndsUtc",
                table: "DelegatedRelationshipIndex",
                columns: new[] { "PartnerOrganizationId", "Status", "EndsUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerCustomerTags_OrganizationId_CustomerOrganizationId_Tag",
                table: "PartnerCustomerTags",
                columns: new[] { "OrganizationId", "CustomerOrganizationId", "Tag" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerCustomerTags_OrganizationId_Tag",
                table: "PartnerCustomerTags",
                columns: new[] { "OrganizationId", "Tag" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerTeamAssignments_OrganizationId_CustomerOrganizationId_TeamId_Role",
                table: "PartnerTeamAssignments",
                columns: new[] { "OrganizationId", "CustomerOrganizationId", "TeamId", "Role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerTeamAssignments_TeamId",
                table: "PartnerTeamAssignments",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerTeamMembers_UserId",
                table: "PartnerTeamMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerTeams_OrganizationId_Name",
                table: "PartnerTeams",
                columns: new[] { "OrganizationId", "Name" },
                unique: true);

            // Relationships made before roles allowed exactly what the Full bundle allows now (R16-R21 unchanged);
            // the expiry job looks at every time-bound or pending one once to schedule its notices.
            migrationBuilder.Sql("UPDATE \"DelegatedRelationshipIndex\" SET \"ApprovedRoles\" = 'GlobalAdministrator,UsersAdministrator,PasswordAdministrator,DomainAdministrator,SubscriptionAdministrator,ServiceSupport' WHERE \"Active\" = TRUE");
            migrationBuilder.Sql("UPDATE \"DelegatedRelationshipIndex\" SET \"NextDueUtc\" = \"EndsUtc\" WHERE \"Active\" = TRUE AND \"EndsUtc\" IS NOT NULL");
            migrationBuilder.Sql("UPDATE \"DelegatedRelationshipIndex\" SET \"NextDueUtc\" = CURRENT_TIMESTAMP WHERE \"Status\" = 2");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartnerCustomerTags");

            migrationBuilder.DropTable(
                name: "PartnerTeamAssignments");

            migrationBuilder.DropTable(
                name: "PartnerTeamMembers");

            migrationBuilder.DropTable(
                name: "PartnerTeams");

            migrationBuilder.DropIndex(
                name: "IX_DelegatedRelationshipIndex_NextDueUtc",
                table: "DelegatedRelationshipIndex");

            migrationBuilder.DropIndex(
                name: "IX_DelegatedRelationshipIndex_PartnerOrganizationId_Status_EndsUtc",
                table: "DelegatedRelationshipIndex");

            migrationBuilder.DropColumn(
                name: "Roles",
                table: "OnBehalfSessions");

            migrationBuilder.DropColumn(
                name: "ApprovedRoles",
                table: "DelegatedRelationshipIndex");

            migrationBuilder.DropColumn(
                name: "AutoExtend",
                table: "DelegatedRelationshipIndex");

            migrationBuilder.DropColumn(
                name: "ChangedUtc",
                table: "DelegatedRelationshipIndex");

            migrationBuilder.DropColumn(
                name: "NextDueUtc",
                table: "DelegatedRelationshipIndex");

            migrationBuilder.DropColumn(
                name: "RenewalPending",
                table: "DelegatedRelationshipIndex");
        }
    }
}
