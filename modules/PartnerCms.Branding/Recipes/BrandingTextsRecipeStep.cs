using Microsoft.EntityFrameworkCore;
using PartnerCms.Branding.Models;
using PartnerCms.Branding.Services;
using PartnerCms.Core.Data;
using PartnerCms.Core.Recipes;

namespace PartnerCms.Branding.Recipes;

/// <summary>
/// <c>{ "name": "branding-texts", "texts": [ { "organization", "culture", "headline", "introduction", "shareTitle", "shareDescription" } ] }</c>:
/// a partner's landing-page texts, published — en-US sets the branding's own (default) texts, another enabled culture
/// its variant. Re-running publishes again only what changed.
/// </summary>
[RecipeStep("branding-texts")]
public sealed class BrandingTextsRecipeStep(PartnerCmsDbContext db, BrandingService branding, BrandingTextsService texts) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Texts);

    public sealed record Entry(string Organization, string Culture, string? Headline, string? Introduction, string? ShareTitle, string? ShareDescription);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var by = $"recipe:{context.RecipeName}";
        foreach (var entry in context.Read<Step>().Texts)
        {
            if (!await db.Organizations.AnyAsync(o => o.Id == entry.Organization, cancellationToken))
            {
                throw context.Error($"organization '{entry.Organization}' does not exist.");
            }

            var wanted = new BrandingTexts { Headline = entry.Headline ?? string.Empty, Introduction = entry.Introduction ?? string.Empty, ShareTitle = entry.ShareTitle ?? string.Empty, ShareDescription = entry.ShareDescription ?? string.Empty };
            if (string.Equals(entry.Culture, Core.Localization.CultureOptions.Default, StringComparison.OrdinalIgnoreCase))
            {
                var state = await branding.LoadAsync(entry.Organization, cancellationToken);
                var settings = state.Published ?? state.Draft;
                if (state.Published is not null && (settings.Headline, settings.Introduction, settings.ShareTitle, settings.ShareDescription) == (wanted.Headline, wanted.Introduction, wanted.ShareTitle, wanted.ShareDescription))
                {
                    continue;
                }

                (settings.Headline, settings.Introduction, settings.ShareTitle, settings.ShareDescription) = (wanted.Headline, wanted.Introduction, wanted.ShareTitle, wanted.ShareDescription);
                var check = await branding.SaveDraftAsync(entry.Organization, settings, null, removeLogo: false, by, cancellationToken);
                var (version, publishCheck) = check.Valid ? await branding.PublishAsync(entry.Organization, by, cancellationToken) : (null, check);
                if (version is null)
                {
                    throw context.Error($"{entry.Organization} {entry.Culture}: {string.Join(" ", publishCheck.Errors.Values)}");
                }

                continue;
            }

            var culture = texts.Culture(entry.Culture) ?? throw context.Error($"culture '{entry.Culture}' is not enabled (Cultures:Enabled).");
            var published = (await texts.PublishedAsync(entry.Organization, culture, cancellationToken))?.Get<BrandingTexts>();
            if (published is not null && (published.Headline, published.Introduction, published.ShareTitle, published.ShareDescription) == (wanted.Headline, wanted.Introduction, wanted.ShareTitle, wanted.ShareDescription))
            {
                continue;
            }

            var errors = await texts.SaveDraftAsync(entry.Organization, culture, wanted, by, cancellationToken);
            var error = errors.Count > 0 ? string.Join(" ", errors.Values) : await texts.PublishAsync(entry.Organization, culture, by, cancellationToken);
            if (error is not null)
            {
                throw context.Error($"{entry.Organization} {entry.Culture}: {error}");
            }
        }
    }
}
