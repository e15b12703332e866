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
    }
}
