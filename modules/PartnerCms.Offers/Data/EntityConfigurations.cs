using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Content;
using PartnerCms.Offers.Models;

namespace PartnerCms.Offers.Data;

internal sealed class OfferIndexConfiguration : IEntityTypeConfiguration<OfferIndex>
{
    public void Configure(EntityTypeBuilder<OfferIndex> builder)
    {
        builder.ConfigureContentIndex("OfferIndex");
        builder.Property(i => i.QuoteId).HasMaxLength(16);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.OfficeId).HasMaxLength(26);
        builder.Property(i => i.CreatedBy).HasMaxLength(256);

        // A Quote ID names one offer on the whole platform: customers and support read it over the phone.
        builder.HasIndex(i => i.QuoteId).IsUnique();
        builder.HasIndex(i => new { i.OrganizationId, i.Status });
    }
}
