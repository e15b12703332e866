using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Content;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Branding.Models;

/// <summary>
/// What a partner sets for its landing pages: the one part of the partner's branding content item (<see cref="ContentType"/>),
/// versioned as every edited document is: a draft marketing edits, a version per publish, restore.
/// </summary>
public sealed class BrandingSettings : ContentPart
{
    public const string ContentType = "Branding";

    /// <summary>The uploaded logo (<see cref="BrandingAsset.Id"/>), or null for none.</summary>
    public string? LogoId { get; set; }

    public string PrimaryColor { get; set; } = "#12324f";

    public string AccentColor { get; set; } = "#0b5cad";

    /// <summary>Liquid (partner.name, partner.partner_id): one line under the partner's name.</summary>
    public string Headline { get; set; } = string.Empty;

    /// <summary>Liquid: a paragraph at the top of every landing page.</summary>
    public string Introduction { get; set; } = string.Empty;

    public bool ShowPhone { get; set; } = true;

    public bool ShowEmail { get; set; } = true;

    public bool ShowWebSite { get; set; } = true;

    public bool ShowAddress { get; set; } = true;

    /// <summary>Plain text: the title search results and shared links show (the page title's partner part, og:title).</summary>
    public string ShareTitle { get; set; } = string.Empty;

    /// <summary>Plain text: the description search results and shared links show (meta description, og:description).</summary>
    public string ShareDescription { get; set; } = string.Empty;

    /// <summary>An image of the partner's media library that shared links show (og:image); null for none.</summary>
    public string? ShareImageId { get; set; }

    /// <summary>The partner's own Liquid layout in place of the theme's; empty: the theme's.</summary>
    public string LayoutOverride { get; set; } = string.Empty;
}

/// <summary>What a partner's landing pages found wrong with its branding: the last time its own layout failed (the theme's was used instead), and why.</summary>
public sealed class PartnerBranding : IOrganizationScoped
{
    public string OrganizationId { get; set; } = string.Empty;

    public string? LayoutError { get; set; }

    public DateTime? LayoutErrorUtc { get; set; }
}

/// <summary>An uploaded logo: its bytes, checked type and size; the id is a hash of the content (the URL changes when the file does).</summary>
public sealed class BrandingAsset : IOrganizationScoped
{
    public string Id { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public string Extension { get; set; } = string.Empty;

    public byte[] Data { get; set; } = [];

    public int Width { get; set; }

    public int Height { get; set; }

    public DateTime CreatedUtc { get; set; }
}

internal sealed class PartnerBrandingConfiguration : IEntityTypeConfiguration<PartnerBranding>
{
    public void Configure(EntityTypeBuilder<PartnerBranding> builder)
    {
        builder.ToTable("PartnerBrandings");
        builder.HasKey(b => b.OrganizationId);
        builder.Property(b => b.OrganizationId).HasMaxLength(64);
        builder.Property(b => b.LayoutError).HasMaxLength(2000);
    }
}

internal sealed class BrandingAssetConfiguration : IEntityTypeConfiguration<BrandingAsset>
{
    public void Configure(EntityTypeBuilder<BrandingAsset> builder)
    {
        builder.ToTable("BrandingAssets");
        builder.Property(a => a.Id).HasMaxLength(64);
        builder.Property(a => a.OrganizationId).HasMaxLength(64);
        builder.Property(a => a.ContentType).HasMaxLength(50);
        builder.Property(a => a.Extension).HasMaxLength(10);
    }
}

/// <summary>
/// The landing-page texts of one culture (de-DE, fr-FR…): one item per partner and culture (its display text is the
/// culture's name), drafted, reviewed, scheduled and published on its own. An empty text, or a culture without a
/// published variant, shows the default culture's (the branding's own) text.
/// </summary>
public sealed class BrandingTexts : ContentPart
{
    public const string ContentType = "BrandingTexts";

    public string Culture { get; set; } = string.Empty;

    /// <summary>Liquid, as the branding's headline.</summary>
    public string Headline { get; set; } = string.Empty;

    /// <summary>Liquid, as the branding's introduction.</summary>
    public string Introduction { get; set; } = string.Empty;

    public string ShareTitle { get; set; } = string.Empty;

    public string ShareDescription { get; set; } = string.Empty;
}
