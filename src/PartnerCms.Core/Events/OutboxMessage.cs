using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerCms.Core.Events;

/// <summary>A raised domain event, written in the transaction of the change it reports, until every handler ran it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public Guid EventId { get; set; }

    /// <summary>The event type's stored name (<see cref="EventTypes.NameOf"/>).</summary>
    public required string Type { get; set; }

    public required string Payload { get; set; }

    /// <summary>Events of one correlation id (an offer, an organization) are handled in order.</summary>
    public required string CorrelationId { get; set; }

    public OutboxStatus Status { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>
    /// How many events led to this one: 0 for an event a user's change raised, one more than the delivered event's for an
    /// event a handler (a workflow) raised. Workflows stop a chain that grows too long (two workflows starting each other).
    /// </summary>
    public int Depth { get; set; }

    public DateTime NextAttemptUtc { get; set; }

    public int Attempts { get; set; }

    public string? LeasedBy { get; set; }

    public DateTime? LeasedUntilUtc { get; set; }

    public DateTime? DispatchedUtc { get; set; }

    public string? LastError { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasIndex(m => m.EventId).IsUnique();
        builder.Property(m => m.Type).HasMaxLength(300);
        builder.Property(m => m.CorrelationId).HasMaxLength(100);
        builder.Property(m => m.LeasedBy).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.Status, m.NextAttemptUtc });
        builder.HasIndex(m => new { m.CorrelationId, m.Status, m.Id });
        builder.HasIndex(m => m.DispatchedUtc);
    }
}
