using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerCms.Core.Addresses;

public static class PostalAddressConfiguration
{
    /// <summary>Column sizes for an address stored as a complex property (columns Address_Line1, …).</summary>
    public static ComplexPropertyBuilder<PostalAddress> ConfigurePostalAddress(this ComplexPropertyBuilder<PostalAddress> address)
    {
        address.Property(a => a.Line1).HasMaxLength(200);
        address.Property(a => a.Line2).HasMaxLength(200);
        address.Property(a => a.City).HasMaxLength(100);
        address.Property(a => a.StateOrProvince).HasMaxLength(100);
        address.Property(a => a.PostalCode).HasMaxLength(20);
        address.Property(a => a.CountryOrRegion).HasMaxLength(2);
        return address;
    }
}
