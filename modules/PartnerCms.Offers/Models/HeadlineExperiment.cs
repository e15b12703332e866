using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Offers.Models;

/// <summary>
/// Two headlines (with their introductions) shown against each other on a partner's landing pages: each visitor sees
/// one, always the same (a stable hash of the visitor), B to <see cref="SplitB"/> percent of them. It runs from
/// <see cref="StartsUtc"/> until stopped by hand or <see cref="EndsUtc"/>; at most one per partner is open at a time.
/// </summary>
public sealed class HeadlineExperiment : IOrganizationScoped
{
    public long Id { get; set; }

    public string OrganizationId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string HeadlineA { get; set; } = string.Empty;

    public string IntroductionA { get; set; } = string.Empty;

    public string HeadlineB { get; set; } = string.Empty;

    public string IntroductionB { get; set; } = string.Empty;

    /// <summary>The percentage of visitors who see B (1–99).</summary>
    public int SplitB { get; set; } = 50;

    public DateTime StartsUtc { get; set; }

    public DateTime? EndsUtc { get; set; }

    /// <summary>When it was stopped by hand (or its winner published), else null.</summary>
    public DateTime? StoppedUtc { get; set; }

    public string? StoppedBy { get; set; }

    /// <summary>"A" or "B" once that variant's texts were published as the branding's.</summary>
    public string? Winner { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }

    /// <summary>The one open experiment per partner: 1 while not stopped, null after (a unique index allows many nulls).</summary>
    public int? OpenSlot { get; set; }

    public bool IsRunningAt(DateTime utc) => StoppedUtc is null && StartsUtc <= utc && (EndsUtc is null || utc < EndsUtc);
}

/// <summary>What one variant of an experiment achieved: landing-page views, sign-ups and acceptances of visitors who saw it.</summary>
public sealed class HeadlineExperimentTally : IOrganizationScoped
{
    public long ExperimentId { get; set; }

    /// <summary>"A" or "B".</summary>
    public string Variant { get; set; } = "A";

    public string OrganizationId { get; set; } = string.Empty;

    public long Views { get; set; }

    public long SignUps { get; set; }

    public long Acceptances { get; set; }
}

internal sealed class HeadlineExperimentConfiguration : IEntityTypeConfiguration<HeadlineExperiment>
{
    public void Configure(EntityTypeBuilder<HeadlineExperiment> builder)
    {
        builder.ToTable("HeadlineExperiments");
        builder.Property(e => e.OrganizationId).HasMaxLength(64);
        builder.Property(e => e.Name).HasMaxLength(100);
        builder.Property(e => e.HeadlineA).HasMaxLength(200);
        builder.Property(e => e.HeadlineB).HasMaxLength(200);
        builder.Property(e => e.IntroductionA).HasMaxLength(2000);
        builder.Property(e => e.IntroductionB).HasMaxLength(2000);
        builder.Property(e => e.StoppedBy).HasMaxLength(256);
        builder.Property(e => e.CreatedBy).HasMaxLength(256);
        builder.Property(e => e.Winner).HasMaxLength(1);

        // Two starts at once (two nodes) cannot both open one: the second insert breaks this index.
        builder.HasIndex(e => new { e.OrganizationId, e.OpenSlot }).IsUnique();
        builder.HasIndex(e => new { e.OrganizationId, e.CreatedUtc });
    }
}

internal sealed class HeadlineExperimentTallyConfiguration : IEntityTypeConfiguration<HeadlineExperimentTally>
{
    public void Configure(EntityTypeBuilder<HeadlineExperimentTally> builder)
    {
        builder.ToTable("HeadlineExperimentTallies");
        builder.HasKey(t => new { t.ExperimentId, t.Variant });
        builder.Property(t => t.Variant).HasMaxLength(1);
        builder.Property(t => t.OrganizationId).HasMaxLength(64);
    }
}
