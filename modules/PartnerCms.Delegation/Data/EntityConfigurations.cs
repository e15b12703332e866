using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Content;
using PartnerCms.Delegation.Models;

namespace PartnerCms.Delegation.Data;

internal sealed class DelegatedRelationshipIndexConfiguration : IEntityTypeConfiguration<DelegatedRelationshipIndex>
{
    public void Configure(EntityTypeBuilder<DelegatedRelationshipIndex> builder)
    {
        builder.ConfigureContentIndex("DelegatedRelationshipIndex");
        builder.Property(i => i.PartnerOrganizationId).HasMaxLength(64);
        builder.Property(i => i.CustomerOrganizationId).HasMaxLength(64);
        builder.HasIndex(i => new { i.PartnerOrganizationId, i.CustomerOrganizationId }).IsUnique();
        builder.HasIndex(i => new { i.CustomerOrganizationId, i.Active });
        builder.HasIndex(i => new { i.Status, i.EndsUtc });
        builder.HasIndex(i => new { i.PartnerOrganizationId, i.Status, i.EndsUtc });
        builder.HasIndex(i => i.NextDueUtc);
        builder.Property(i => i.ApprovedRoles).HasMaxLength(256);
    }
}

internal sealed class PartnerTeamConfiguration : IEntityTypeConfiguration<PartnerTeam>
{
    public void Configure(EntityTypeBuilder<PartnerTeam> builder)
    {
        builder.ToTable("PartnerTeams");
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.Property(t => t.OrganizationId).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Description).HasMaxLength(500);
        builder.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartnerTeamMemberConfiguration : IEntityTypeConfiguration<PartnerTeamMember>
{
    public void Configure(EntityTypeBuilder<PartnerTeamMember> builder)
    {
        builder.ToTable("PartnerTeamMembers");
        builder.HasKey(m => new { m.TeamId, m.UserId });
        builder.Property(m => m.TeamId).HasMaxLength(64);
        builder.Property(m => m.UserId).HasMaxLength(64);
        builder.Property(m => m.OrganizationId).HasMaxLength(64);
        builder.HasIndex(m => new { m.UserId });
    }
}

internal sealed class PartnerTeamAssignmentConfiguration : IEntityTypeConfiguration<PartnerTeamAssignment>
{
    public void Configure(EntityTypeBuilder<PartnerTeamAssignment> builder)
    {
        builder.ToTable("PartnerTeamAssignments");
        builder.Property(a => a.OrganizationId).HasMaxLength(64);
        builder.Property(a => a.CustomerOrganizationId).HasMaxLength(64);
        builder.Property(a => a.TeamId).HasMaxLength(64);
        builder.Property(a => a.Role).HasMaxLength(64);
        builder.HasOne<PartnerTeam>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.OrganizationId, a.CustomerOrganizationId, a.TeamId, a.Role }).IsUnique();
    }
}

internal sealed class PartnerCustomerTagConfiguration : IEntityTypeConfiguration<PartnerCustomerTag>
{
    public void Configure(EntityTypeBuilder<PartnerCustomerTag> builder)
    {
        builder.ToTable("PartnerCustomerTags");
        builder.Property(t => t.OrganizationId).HasMaxLength(64);
        builder.Property(t => t.CustomerOrganizationId).HasMaxLength(64);
        builder.Property(t => t.Tag).HasMaxLength(40);
        builder.HasIndex(t => new { t.OrganizationId, t.CustomerOrganizationId, t.Tag }).IsUnique();
        builder.HasIndex(t => new { t.OrganizationId, t.Tag });
    }
}
