using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Branding.Models;
using PartnerCms.Core.Content;
using PartnerCms.Core.Localization;
using PartnerCms.Landing;

namespace PartnerCms.Branding.Services;

/// <summary>One culture's row on the branding page: whether its texts are published, drafted, or missing.</summary>
public sealed record BrandingCultureState(CultureInfo Culture, bool Published, bool HasDraft);

/// <summary>
/// The landing-page texts per culture (<see cref="BrandingTexts"/>): a draft saved with the branding's checks, published
/// (after review, when the partner asks for it), scheduled, and read by landing pages in the visitor's culture.
/// </summary>
public sealed class BrandingTextsService(ContentManager content, BrandingService branding, ContentScheduler scheduler, ContentReviews reviews, PortalCultures cultures, ILandingPages landingPages)
{
    /// <summary>An enabled culture other than en-US (whose texts are the branding's own), or null.</summary>
    public CultureInfo? Culture(string? name) => cultures.Find(name) is { } culture && culture.Name != CultureOptions.Default ? culture : null;

    public IEnumerable<CultureInfo> Cultures => cultures.Enabled.Where(c => c.Name != CultureOptions.Default);

    public Task<ContentItem?> LatestAsync(string organizationId, CultureInfo culture, CancellationToken cancellationToken = default) =>
        content.GetVariantAsync(BrandingTexts.ContentType, organizationId, culture.Name, VersionOptions.Latest, cancellationToken);

    public Task<ContentItem?> PublishedAsync(string organizationId, CultureInfo culture, CancellationToken cancellationToken = default) =>
        content.GetVariantAsync(BrandingTexts.ContentType, organizationId, culture.Name, VersionOptions.Published, cancellationToken);

    /// <summary>Every enabled culture with the state of the partner's texts in it (the editor says which are missing).</summary>
    public async Task<IReadOnlyList<BrandingCultureState>> StatesAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var latest = await content.VariantsAsync(BrandingTexts.ContentType, organizationId, VersionOptions.Latest, cancellationToken);
        var published = await content.VariantsAsync(BrandingTexts.ContentType, organizationId, VersionOptions.Published, cancellationToken);
        return Cultures.Select(c => new BrandingCultureState(
            c,
            published.Any(p => string.Equals(p.DisplayText, c.Name, StringComparison.OrdinalIgnoreCase)),
            latest.Any(l => string.Equals(l.DisplayText, c.Name, StringComparison.OrdinalIgnoreCase) && !l.Published))).ToList();
    }

    /// <summary>The cultures the partner's landing pages speak: en-US and each enabled culture with published texts.</summary>
    public async Task<IReadOnlyList<CultureInfo>> PublishedCulturesAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var published = await content.VariantsAsync(BrandingTexts.ContentType, organizationId, VersionOptions.Published, cancellationToken);
        return [PortalCultures.DefaultCulture, .. Cultures.Where(c => published.Any(p => string.Equals(p.DisplayText, c.Name, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>Saves the culture's draft (the branding's checks for these fields); the errors by field, none when saved.</summary>
    public async Task<Dictionary<string, string>> SaveDraftAsync(string organizationId, CultureInfo culture, BrandingTexts texts, string by, CancellationToken cancellationToken = default)
    {
        texts.Culture = culture.Name;
        texts.Headline = (texts.Headline ?? string.Empty).Trim();
        texts.Introduction = (texts.Introduction ?? string.Empty).Trim();
        texts.ShareTitle = (texts.ShareTitle ?? string.Empty).Trim();
        texts.ShareDescription = (texts.ShareDescription ?? string.Empty).Trim();
        var check = await branding.CheckAsync(organizationId, new BrandingSettings
        {
            Headline = texts.Headline,
            Introduction = texts.Introduction,
            ShareTitle = texts.ShareTitle,
            ShareDescription = texts.ShareDescription,
        }, cancellationToken);
        var fields = new[] { nameof(BrandingTexts.Headline), nameof(BrandingTexts.Introduction), nameof(BrandingTexts.ShareTitle), nameof(BrandingTexts.ShareDescription) };
        var errors = check.Errors.Where(e => fields.Contains(e.Key, StringComparer.Ordinal)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (errors.Count > 0)
        {
            return errors;
        }

        var latest = await LatestAsync(organizationId, culture, cancellationToken);
        if (latest is null)
        {
            var item = content.New(BrandingTexts.ContentType);
            item.OrganizationId = organizationId;
            item.DisplayText = culture.Name;
            item.Author = by;
            item.Apply(texts);
            await content.CreateAsync(item, publish: false, cancellationToken);
            return errors;
        }

        var (_, saved) = await content.SaveDraftAsync(latest.ContentItemId, new ContentItem(BrandingTexts.ContentType, latest.ContentItemId).Apply(texts).Content, null, by, cancellationToken);
        await scheduler.EndPublicationIfChangedAsync(saved, by, cancellationToken);
        return errors;
    }

    /// <summary>Publishes the culture's draft (approved first when the partner asks for review); null when published, else why not.</summary>
    public async Task<string?> PublishAsync(string organizationId, CultureInfo culture, string by, CancellationToken cancellationToken = default)
    {
        var latest = await LatestAsync(organizationId, culture, cancellationToken);
        return latest is { Published: false } ? await PublishItemAsync(latest, by, cancellationToken) : "There is no draft to publish: save one first.";
    }

    internal async Task<string?> PublishItemAsync(ContentItem draft, string by, CancellationToken cancellationToken)
    {
        if (await reviews.CheckPublishAsync(draft, cancellationToken) is { } unreviewed)
        {
            return unreviewed;
        }

        var (_, published) = await content.PublishDraftAsync(draft.ContentItemId, null, null, by, cancellationToken);
        await scheduler.EndPublicationIfChangedAsync(published, by, cancellationToken);
        await landingPages.ForgetOrganizationAsync(draft.OrganizationId, cancellationToken);
        return null;
    }

    internal async Task UnpublishAsync(ContentItem item, string by, CancellationToken cancellationToken)
    {
        await content.UnpublishAsync(item.ContentItemId, by, cancellationToken);
        await landingPages.ForgetOrganizationAsync(item.OrganizationId, cancellationToken);
    }

    /// <summary>The culture's Schedule panel.</summary>
    public async Task<ContentScheduleView> ScheduleViewAsync(string organizationId, CultureInfo culture, string? publishError = null, string? unpublishError = null, CancellationToken cancellationToken = default) =>
        await scheduler.ViewAsync($"/partner/branding/texts/{culture.Name}", await LatestAsync(organizationId, culture, cancellationToken), publishError, unpublishError, cancellationToken: cancellationToken);

    /// <summary>The texts a landing page in <paramref name="culture"/> shows over the branding's own (published ones; empty ones keep the default's).</summary>
    public async Task<BrandingTexts?> ForLandingAsync(string organizationId, CultureInfo? culture, CancellationToken cancellationToken = default) =>
        culture is null || Culture(culture.Name) is null ? null : (await PublishedAsync(organizationId, culture, cancellationToken))?.Get<BrandingTexts>();
}

/// <summary>A culture's landing texts scheduled: the same as by hand, done by the job runner.</summary>
internal sealed class BrandingTextsScheduleHandler : IScheduledContentHandler
{
    public string ContentType => BrandingTexts.ContentType;

    public (string AuditPrefix, string Name) Describe(ContentItem item) => ("branding", $"landing page texts ({item.DisplayText})");

    public Task<string?> PublishAsync(IServiceProvider services, ContentItem draft, string actor, CancellationToken cancellationToken) =>
        services.GetRequiredService<BrandingTextsService>().PublishItemAsync(draft, actor, cancellationToken);

    public Task UnpublishAsync(IServiceProvider services, ContentItem item, string actor, CancellationToken cancellationToken) =>
        services.GetRequiredService<BrandingTextsService>().UnpublishAsync(item, actor, cancellationToken);

    public string EditLink(ContentItem item) => $"/partner/branding/texts/{item.DisplayText}";
}
