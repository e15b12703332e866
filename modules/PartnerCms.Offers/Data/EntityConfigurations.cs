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

        // The commerce dashboard pages the partner's offers newest first.
        builder.HasIndex(i => new { i.OrganizationId, i.CreatedUtc });
    }
}

internal sealed class OfferAcceptanceConfiguration : IEntityTypeConfiguration<OfferAcceptance>
{
    public void Configure(EntityTypeBuilder<OfferAcceptance> builder)
    {
        builder.ToTable("OfferAcceptances");
        builder.Property(a => a.OrganizationId).HasMaxLength(64);
        builder.Property(a => a.OfferId).HasMaxLength(26);
        builder.Property(a => a.QuoteId).HasMaxLength(16);
        builder.Property(a => a.CustomerOrganizationId).HasMaxLength(64);
        builder.Property(a => a.CustomerName).HasMaxLength(256);
        builder.Property(a => a.AcceptedBy).HasMaxLength(256);
        builder.Property(a => a.SubmissionId).HasMaxLength(64);
        builder.HasIndex(a => new { a.OfferId, a.SubmissionId });

        // One acceptance per offer and customer: concurrent accepts of the same offer by one organization make one.
        builder.HasIndex(a => new { a.OfferId, a.CustomerOrganizationId }).IsUnique();
        builder.HasIndex(a => new { a.OrganizationId, a.AcceptedUtc });
    }
}

internal sealed class OfferDailyViewsConfiguration : IEntityTypeConfiguration<OfferDailyViews>
{
    public void Configure(EntityTypeBuilder<OfferDailyViews> builder)
    {
        builder.ToTable("OfferDailyViews");
        builder.Property(v => v.OrganizationId).HasMaxLength(64);
        builder.Property(v => v.OfferId).HasMaxLength(26);
        builder.HasIndex(v => new { v.OfferId, v.Day }).IsUnique();
        // Covering: the dashboard sums a period's views without reading the rows themselves.
        builder.HasIndex(v => new { v.OrganizationId, v.Day, v.OfferId, v.Views });
    }
}

internal sealed class OfferFirstViewConfiguration : IEntityTypeConfiguration<OfferFirstView>
{
    public void Configure(EntityTypeBuilder<OfferFirstView> builder)
    {
        builder.ToTable("OfferFirstViews");
        builder.HasKey(v => v.OfferId);
        builder.Property(v => v.OfferId).HasMaxLength(26);
        builder.Property(v => v.OrganizationId).HasMaxLength(64);
    }
}
