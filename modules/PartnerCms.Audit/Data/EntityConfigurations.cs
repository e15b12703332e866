using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Audit.Models;

namespace PartnerCms.Audit.Data;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(e => e.ChainId).HasMaxLength(64);
        builder.Property(e => e.ActorUserId).HasMaxLength(64);
        builder.Property(e => e.ActorUserName).HasMaxLength(256);
        builder.Property(e => e.ActorOrganizationId).HasMaxLength(64);
        builder.Property(e => e.PartnerOrganizationId).HasMaxLength(64);
        builder.Property(e => e.CustomerOrganizationId).HasMaxLength(64);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Target).HasMaxLength(400);
        builder.Property(e => e.Outcome).HasMaxLength(40);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => new { e.ChainId, e.Sequence }).IsUnique();
        builder.HasIndex(e => e.EventId).IsUnique();
        builder.HasIndex(e => new { e.PartnerOrganizationId, e.OccurredUtc });
        builder.HasIndex(e => new { e.CustomerOrganizationId, e.OccurredUtc });
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("AuditChainHeads");
        builder.HasKey(h => h.ChainId);
        builder.Property(h => h.ChainId).HasMaxLength(64);
        builder.Property(h => h.Hash).HasMaxLength(64);
    }
}
