using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Organizations;
using PartnerCms.Customers.Models;

namespace PartnerCms.Customers.Data;

internal sealed class ServiceRequestConfiguration : IEntityTypeConfiguration<ServiceRequest>
{
    public void Configure(EntityTypeBuilder<ServiceRequest> builder)
    {
        builder.ToTable("ServiceRequests");
        builder.Ignore(r => r.Number);
        builder.Property(r => r.CustomerOrganizationId).HasMaxLength(64);
        builder.Property(r => r.PartnerOrganizationId).HasMaxLength(64);
        builder.Property(r => r.Title).HasMaxLength(200);
        builder.Property(r => r.Description).HasMaxLength(4000);
        builder.Property(r => r.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.ContactName).HasMaxLength(200);
        builder.Property(r => r.ContactEmail).HasMaxLength(254);
        builder.Property(r => r.ContactPhone).HasMaxLength(32);
        builder.Property(r => r.CreatedByUserId).HasMaxLength(64);
        builder.Property(r => r.CreatedByName).HasMaxLength(256);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.CustomerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.PartnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.PartnerOrganizationId, r.CreatedUtc });
        builder.HasIndex(r => new { r.CustomerOrganizationId, r.CreatedUtc });
    }
}

internal sealed class OnBehalfSessionConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<PartnerCms.Customers.Models.OnBehalfSession>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<PartnerCms.Customers.Models.OnBehalfSession> builder)
    {
        builder.ToTable("OnBehalfSessions");
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(64);
        builder.Property(s => s.UserName).HasMaxLength(256);
        builder.Property(s => s.PartnerOrganizationId).HasMaxLength(64);
        builder.Property(s => s.CustomerOrganizationId).HasMaxLength(64);
        builder.Property(s => s.EndReason).HasMaxLength(200);
        builder.Property(s => s.SecondStepMethod).HasMaxLength(32);
        builder.Property(s => s.Roles).HasMaxLength(256);
        builder.HasIndex(s => new { s.UserId, s.EndedUtc });
    }
}
