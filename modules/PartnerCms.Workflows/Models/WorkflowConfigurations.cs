using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerCms.Workflows.Models;

internal sealed class WorkflowTypeConfiguration : IEntityTypeConfiguration<WorkflowType>
{
    public void Configure(EntityTypeBuilder<WorkflowType> builder)
    {
        builder.ToTable("WorkflowTypes");
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.Property(t => t.OrganizationId).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.UpdatedBy).HasMaxLength(256);
        builder.Property(t => t.StartEvents).HasMaxLength(2000);
        builder.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
    }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> builder)
    {
        builder.ToTable("WorkflowInstances");
        builder.Property(i => i.Id).HasMaxLength(64);
        builder.Property(i => i.OrganizationId).HasMaxLength(64);
        builder.Property(i => i.WorkflowTypeId).HasMaxLength(64);
        builder.Property(i => i.CorrelationId).HasMaxLength(200);
        builder.Property(i => i.WaitingFor).HasMaxLength(2000);
        builder.Property(i => i.Fault).HasMaxLength(2000);
        builder.Property(i => i.Revision).IsConcurrencyToken();
        builder.HasIndex(i => new { i.OrganizationId, i.Status, i.CorrelationId });
        builder.HasIndex(i => new { i.WorkflowTypeId, i.CreatedUtc });
        builder.HasIndex(i => new { i.OrganizationId, i.CreatedUtc });
        builder.HasIndex(i => new { i.Status, i.UpdatedUtc });
    }
}

internal sealed class WorkflowSendCountConfiguration : IEntityTypeConfiguration<WorkflowSendCount>
{
    public void Configure(EntityTypeBuilder<WorkflowSendCount> builder)
    {
        builder.ToTable("WorkflowSendCounts");
        builder.HasKey(c => new { c.OrganizationId, c.Channel, c.HourUtc });
        builder.Property(c => c.OrganizationId).HasMaxLength(64);
        builder.Property(c => c.Channel).HasMaxLength(32);
    }
}
