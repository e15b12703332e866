using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Organizations;
using PartnerCms.Directory.Models;

namespace PartnerCms.Directory.Data;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("Subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(26);
        builder.Property(s => s.OrganizationId).HasMaxLength(64);
        builder.Property(s => s.SkuCode).HasMaxLength(64);
        builder.Property(s => s.SkuName).HasMaxLength(200);
        builder.Property(s => s.AdvisorOrganizationId).HasMaxLength(64);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.OrganizationId, s.Status });

        // One active subscription per SKU and organization: a double submit or a race cannot buy twice.
        builder.HasIndex(s => new { s.OrganizationId, s.SkuCode }).IsUnique().HasFilter("\"Status\" = 'Active'");
        builder.HasIndex(s => s.AdvisorOrganizationId);
    }
}
