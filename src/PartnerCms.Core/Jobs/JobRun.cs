using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerCms.Core.Jobs;

/// <summary>One run of a job, for the operator: which node, when, how long, and how it ended.</summary>
public sealed class JobRun
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Node { get; set; }

    public DateTime StartedUtc { get; set; }

    public int DurationMs { get; set; }

    public bool Succeeded { get; set; }

    public string? Error { get; set; }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("JobRuns");
        builder.Property(j => j.Name).HasMaxLength(200);
        builder.Property(j => j.Node).HasMaxLength(100);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.HasIndex(j => new { j.Name, j.StartedUtc });
    }
}
