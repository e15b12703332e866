using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerCms.Core.Jobs;

/// <summary>
/// One row per job: when it is next due, and who holds it until when. A node takes a due job with one conditional
/// UPDATE (due, and no live lease), so on any number of nodes exactly one runs it; a node that dies while running lets
/// its lease expire and another node takes the job over.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }

    /// <summary>Recurring jobs keep their row; delayed jobs are deleted after a successful run.</summary>
    public bool Recurring { get; set; }

    public DateTime NextRunUtc { get; set; }

    public string? LeasedBy { get; set; }

    public DateTime? LeasedUntilUtc { get; set; }

    public int Attempts { get; set; }

    public DateTime? LastRunUtc { get; set; }

    public string? LastError { get; set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.ToTable("JobLeases");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(200);
        builder.Property(j => j.LeasedBy).HasMaxLength(100);
        builder.Property(j => j.LastError).HasMaxLength(2000);
        builder.HasIndex(j => j.NextRunUtc);
    }
}
