using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Content;
using PartnerCms.Templates.Models;

namespace PartnerCms.Templates.Data;

internal sealed class MessageTemplateIndexConfiguration : IEntityTypeConfiguration<MessageTemplateIndex>
{
    public void Configure(EntityTypeBuilder<MessageTemplateIndex> builder)
    {
        builder.ConfigureContentIndex("MessageTemplateIndex");
        builder.Property(i => i.Kind).HasMaxLength(64);
        builder.HasIndex(i => new { i.OrganizationId, i.Kind }).IsUnique();
    }
}
