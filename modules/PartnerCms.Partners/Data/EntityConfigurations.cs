using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Addresses;
using PartnerCms.Core.Content;
using PartnerCms.Core.Organizations;
using PartnerCms.Partners.Models;

namespace PartnerCms.Partners.Data;

internal sealed class CompanyInformationConfiguration : IEntityTypeConfiguration<CompanyInformation>
{
    public void Configure(EntityTypeBuilder<CompanyInformation> builder)
    {
        builder.ToTable("CompanyInformation");
        builder.HasKey(c => c.OrganizationId);
        builder.Property(c => c.OrganizationId).HasMaxLength(64);
        builder.HasOne<Organization>().WithOne().HasForeignKey<CompanyInformation>(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Phone).HasMaxLength(32);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.WebSite).HasMaxLength(512);
        builder.ComplexProperty(c => c.Address, address => address.ConfigurePostalAddress());
        builder.Property(c => c.Description).HasMaxLength(2000);
        builder.Property(c => c.ModifiedBy).HasMaxLength(256);
        builder.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class OfficeIndexConfiguration : IEntityTypeConfiguration<OfficeIndex>
{
    public void Configure(EntityTypeBuilder<OfficeIndex> builder)
    {
        builder.ConfigureContentIndex("OfficeIndex");
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.LocationId).HasMaxLength(32);
        builder.Property(i => i.NormalizedLocationId).HasMaxLength(32);
        builder.Property(i => i.City).HasMaxLength(100);
        builder.Property(i => i.CountryOrRegion).HasMaxLength(2);

        // A location ID names one office of a partner; the database refuses a second even under a race.
        builder.HasIndex(i => new { i.OrganizationId, i.NormalizedLocationId }).IsUnique();
        builder.HasIndex(i => new { i.OrganizationId, i.Retired, i.Name });
    }
}
