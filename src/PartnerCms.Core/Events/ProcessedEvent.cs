using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerCms.Core.Events;

/// <summary>The inbox: handler H has run event E (written in the handler's own transaction).</summary>
public sealed class ProcessedEvent
{
    public Guid EventId { get; set; }

    public required string Handler { get; set; }

    public DateTime ProcessedUtc { get; set; }
}

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> builder)
    {
        builder.ToTable("ProcessedEvents");
        builder.HasKey(p => new { p.EventId, p.Handler });
        builder.Property(p => p.Handler).HasMaxLength(300);
        builder.HasIndex(p => p.ProcessedUtc);
    }
}
