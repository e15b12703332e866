using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Data;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("Organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasMaxLength(64);
        builder.Property(o => o.Name).HasMaxLength(256).IsRequired();
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.PartnerId).HasMaxLength(32);
        builder.Property(o => o.CountryOrRegion).HasMaxLength(2);
        builder.Ignore(o => o.PrimaryDomain);
        builder.HasIndex(o => o.PartnerId).IsUnique();
        builder.HasMany(o => o.Domains).WithOne().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrganizationDomainConfiguration : IEntityTypeConfiguration<OrganizationDomain>
{
    public void Configure(EntityTypeBuilder<OrganizationDomain> builder)
    {
        builder.ToTable("OrganizationDomains");
        builder.Property(d => d.OrganizationId).HasMaxLength(64);
        builder.Property(d => d.Name).HasMaxLength(253).IsRequired();
        builder.Property(d => d.NormalizedName).HasMaxLength(253).IsRequired();
        builder.HasIndex(d => d.NormalizedName).IsUnique();
    }
}

internal sealed class PartnerCmsUserConfiguration : IEntityTypeConfiguration<PartnerCmsUser>
{
    public void Configure(EntityTypeBuilder<PartnerCmsUser> builder)
    {
        builder.Property(u => u.OrganizationId).HasMaxLength(64).IsRequired();
        builder.Property(u => u.DisplayName).HasMaxLength(256);
        builder.Property(u => u.DelegatedAccess).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.RecentAuthenticatorCodes).HasMaxLength(1000);
        builder.HasIndex(u => u.OrganizationId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
