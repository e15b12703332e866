using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Mail.Models;

namespace PartnerCms.Mail.Data;

internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.ToTable("OutgoingMails");
        builder.Property(m => m.MessageId).HasMaxLength(200);
        builder.Property(m => m.OrganizationId).HasMaxLength(64);
        builder.Property(m => m.Source).HasMaxLength(200);
        builder.Property(m => m.To).HasMaxLength(4000);
        builder.Property(m => m.Subject).HasMaxLength(400);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.LeasedBy).HasMaxLength(100);
        builder.Property(m => m.FromName).HasMaxLength(200);
        builder.Property(m => m.ReplyTo).HasMaxLength(320);
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.HasIndex(m => new { m.Status, m.NextAttemptUtc });
        builder.HasIndex(m => m.CreatedUtc);
        builder.HasIndex(m => new { m.OrganizationId, m.CreatedUtc });
        builder.HasIndex(m => new { m.OrganizationId, m.Source });
    }
}
