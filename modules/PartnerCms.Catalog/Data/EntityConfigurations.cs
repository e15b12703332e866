using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Catalog.Models;

namespace PartnerCms.Catalog.Data;

internal sealed class SkuConfiguration : IEntityTypeConfiguration<Sku>
{
    public void Configure(EntityTypeBuilder<Sku> builder)
    {
        builder.ToTable("CatalogSkus");
        builder.HasKey(s => s.Code);
        builder.Property(s => s.Code).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(200).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(2000);
        builder.Property(s => s.TrialOf).HasMaxLength(64);
        builder.HasMany(s => s.Availability).WithOne().HasForeignKey(a => a.SkuCode).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SkuAvailabilityConfiguration : IEntityTypeConfiguration<SkuAvailability>
{
    public void Configure(EntityTypeBuilder<SkuAvailability> builder)
    {
        builder.ToTable("CatalogSkuAvailability");
        builder.Property(a => a.CountryOrRegion).HasMaxLength(2);
        builder.HasIndex(a => new { a.CountryOrRegion, a.SkuCode }).IsUnique();
    }
}
