using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PartnerCms.Branding.Models;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Media;
using PartnerCms.Landing;

namespace PartnerCms.Branding.Services;

/// <summary>The branding page's view of one partner: draft and published settings, versions, the last layout error.</summary>
public sealed record BrandingState(
    BrandingSettings Draft, DateTime? DraftSavedUtc, string? DraftSavedBy, BrandingSettings? Published, int PublishedVersion, DateTime? PublishedUtc,
    string? LayoutError, DateTime? LayoutErrorUtc, IReadOnlyList<BrandingVersion> Versions);

/// <summary>A published version of the branding.</summary>
public sealed record BrandingVersion(int Version, DateTime PublishedUtc, string? PublishedBy);

/// <summary>What a check found: errors (by field) stop a save or publish; warnings (contrast below WCAG AA) only inform.</summary>
public sealed record BrandingCheck(Dictionary<string, string> Errors, List<string> Warnings)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// A partner's landing-page branding: the draft marketing edits, published as a version (the landing pages change at
/// once: their cached copies are dropped), earlier versions restored into the draft, logos checked by content and
/// stored under a hash of it, and the partner's own layout checked before it is ever used.
/// </summary>
public sealed partial class BrandingService(PartnerCmsDbContext db, ContentManager content, LiquidTemplateService liquid, ILandingPages landingPages, ILandingLayout landingLayout, TimeProvider clock, ILogger<BrandingService> logger, ContentScheduler scheduler, ContentReviews reviews, IEnumerable<IMediaCatalog> media)
{
    private const string Everyone = "a partner's landing page is anonymous: its branding is read for any visitor";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<BrandingState> LoadAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var errors = await db.Set<PartnerBranding>().AcrossOrganizations(Everyone).AsNoTracking().FirstOrDefaultAsync(b => b.OrganizationId == organizationId, cancellationToken);
        var latest = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, VersionOptions.Latest, cancellationToken);
        var published = latest is null ? null : latest.Published ? latest : await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, VersionOptions.Published, cancellationToken);
        var versions = latest is null ? [] : (await content.GetPublishedVersionsAsync(latest.ContentItemId, 50, cancellationToken)).Select(v => new BrandingVersion(v.Version, v.PublishedUtc!.Value, v.Author)).ToList();
        return new BrandingState(
            latest?.Get<BrandingSettings>() ?? new BrandingSettings(), latest?.ModifiedUtc, latest?.Author,
            published?.Get<BrandingSettings>(), published?.Version ?? 0, published?.PublishedUtc, errors?.LayoutError, errors?.LayoutErrorUtc, versions);
    }

    public BrandingCheck Check(BrandingSettings settings)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var (field, value) in new[] { (nameof(BrandingSettings.PrimaryColor), settings.PrimaryColor), (nameof(BrandingSettings.AccentColor), settings.AccentColor) })
        {
            if (!Color().IsMatch(value ?? string.Empty))
            {
                errors[field] = "Give a colour as #rrggbb, e.g. #12324f.";
            }
        }

        if (errors.Count == 0)
        {
            var headerText = Contrast(settings.PrimaryColor, InkFor(settings.PrimaryColor));
            if (headerText < 4.5)
            {
                warnings.Add($"The primary colour gives text a contrast of {headerText:0.0}:1 — below the 4.5:1 that WCAG AA asks for. Visitors may not read the header well.");
            }

            var links = Contrast(settings.AccentColor, "#ffffff");
            if (links < 4.5)
            {
                warnings.Add($"The accent colour has a contrast of {links:0.0}:1 against the white page — below WCAG AA (4.5:1): links and buttons will be hard to read.");
            }
        }

        foreach (var (field, source, max) in new[] { (nameof(BrandingSettings.Headline), settings.Headline, 200), (nameof(BrandingSettings.Introduction), settings.Introduction, 2000) })
        {
            if ((source ?? string.Empty).Length > max)
            {
                errors[field] = $"At most {max} characters.";
            }
            else if (liquid.Validate(source) is { } error)
            {
                errors[field] = error.ToString();
            }
        }

        foreach (var (field, text, max) in new[] { (nameof(BrandingSettings.ShareTitle), settings.ShareTitle, 70), (nameof(BrandingSettings.ShareDescription), settings.ShareDescription, 200) })
        {
            if ((text ?? string.Empty).Length > max)
            {
                errors[field] = $"At most {max} characters (search results cut longer ones).";
            }
            else if ((text ?? string.Empty).Any(char.IsControl))
            {
                errors[field] = "One line of plain text, without control characters.";
            }
        }

        if (!string.IsNullOrWhiteSpace(settings.LayoutOverride) && CheckLayout(settings.LayoutOverride) is { } layoutError)
        {
            errors[nameof(BrandingSettings.LayoutOverride)] = layoutError;
        }

        return new BrandingCheck(errors, warnings);
    }

    /// <summary>
    /// <see cref="Check"/>, and the headline and introduction rendered once with the partner's values: a text that parses
    /// but cannot render (a loop that doubles a string past the budget) is refused at save, not blanked on the page.
    /// </summary>
    public async Task<BrandingCheck> CheckAsync(string organizationId, BrandingSettings settings, CancellationToken cancellationToken = default)
    {
        var check = Check(settings);
        if (!check.Valid)
        {
            return check;
        }

        settings.ShareImageId = string.IsNullOrWhiteSpace(settings.ShareImageId) ? null : settings.ShareImageId.Trim();
        if (settings.ShareImageId is { } imageId && (media.FirstOrDefault() is not { } catalog || await catalog.FindAsync(organizationId, imageId, cancellationToken: cancellationToken) is null))
        {
            check.Errors[nameof(BrandingSettings.ShareImageId)] = "The share image is not in your media library (any more): choose another or none.";
        }

        var model = await TextModelAsync(organizationId, cancellationToken);
        foreach (var (field, source) in new[] { (nameof(BrandingSettings.Headline), settings.Headline), (nameof(BrandingSettings.Introduction), settings.Introduction) })
        {
            if (string.IsNullOrWhiteSpace(source))
            {
                continue;
            }

            try
            {
                await liquid.RenderAsync(source, model, html: false, cancellationToken: cancellationToken);
            }
            catch (LiquidTemplateException ex)
            {
                check.Errors[field] = ex.Message;
            }
        }

        if (!string.IsNullOrWhiteSpace(settings.LayoutOverride))
        {
            // The source passed; what it renders on a real page of the site's theme must pass the sanitizer too.
            var partner = (Dictionary<string, object?>)model["partner"]!;
            var sample = new LandingBranding { Name = (string)partner["name"]!, PartnerId = (string)partner["partner_id"]!, OrganizationId = organizationId };
            if (await landingLayout.CheckOwnLayoutAsync(sample, settings.LayoutOverride, cancellationToken) is { } problem)
            {
                check.Errors[nameof(BrandingSettings.LayoutOverride)] = problem;
            }
        }

        return check;
    }

    /// <summary>
    /// A partner's own layout: valid Liquid that writes the page, and HTML without anything that runs or loads from
    /// elsewhere (the landing page is on the portal's origin). Values it prints are encoded; only the page's parts may
    /// be written raw.
    /// </summary>
    public string? CheckLayout(string source)
    {
        if (liquid.Validate(source) is { } error)
        {
            return error.ToString();
        }

        if (!source.Contains("page.content | raw", StringComparison.Ordinal))
        {
            return "The layout must write the page itself: put {{ page.content | raw }} where the page goes.";
        }

        if (LayoutSafety.Problem(source) is { } unsafeSource)
        {
            return unsafeSource;
        }

        // raw writes text unencoded: only the page's own parts may use it, in a plain output tag.
        var rest = AllowedRaw().Replace(source, string.Empty);
        if (RawFilter().Match(rest) is { Success: true })
        {
            return "Only {{ page.content | raw }}, {{ page.header | raw }} and {{ page.footer | raw }} may use raw: anything else would write unencoded text.";
        }

        return null;
    }

    /// <summary>Saves the draft; a new logo (already checked) is stored under the hash of its content.</summary>
    public async Task<BrandingCheck> SaveDraftAsync(string organizationId, BrandingSettings settings, (byte[] Data, CheckedImage Logo)? logo, bool removeLogo, string by, CancellationToken cancellationToken = default)
    {
        var check = await CheckAsync(organizationId, settings, cancellationToken);
        if (!check.Valid)
        {
            return check;
        }

        var latest = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, VersionOptions.Latest, cancellationToken);
        settings.LogoId = removeLogo ? null : latest?.Get<BrandingSettings>().LogoId;
        if (logo is { } upload)
        {
            var id = Convert.ToHexStringLower(SHA256.HashData(upload.Data))[..32] + "." + upload.Logo.Extension;
            if (!await db.Set<BrandingAsset>().AnyAsync(a => a.Id == id, cancellationToken))
            {
                db.Add(new BrandingAsset
                {
                    Id = id,
                    OrganizationId = organizationId,
                    ContentType = upload.Logo.ContentType,
                    Extension = upload.Logo.Extension,
                    Data = upload.Data,
                    Width = upload.Logo.Width,
                    Height = upload.Logo.Height,
                    CreatedUtc = clock.GetUtcNow().UtcDateTime,
                });
            }

            settings.LogoId = id;
        }

        if (latest is null)
        {
            var item = content.New(BrandingSettings.ContentType);
            item.OrganizationId = organizationId;
            item.Author = by;
            item.DisplayText = "Landing page branding";
            await content.CreateAsync(item.Apply(settings), publish: false, cancellationToken);
        }
        else
        {
            var (_, saved) = await content.SaveDraftAsync(latest.ContentItemId, new ContentItem(BrandingSettings.ContentType, latest.ContentItemId).Apply(settings).Content, null, by, cancellationToken);
            await scheduler.EndPublicationIfChangedAsync(saved, by, cancellationToken);
        }

        return check;
    }

    /// <summary>Publishes the draft as the next version; every landing page of the partner shows it from now on.</summary>
    public async Task<(int? Version, BrandingCheck Check)> PublishAsync(string organizationId, string by, CancellationToken cancellationToken = default)
    {
        var latest = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, VersionOptions.Latest, cancellationToken);
        var draft = latest?.Get<BrandingSettings>();
        if (latest is null || draft is null)
        {
            return (null, new BrandingCheck(new(StringComparer.Ordinal) { [string.Empty] = "Save a draft first." }, []));
        }

        return await PublishItemAsync(latest, by, cancellationToken);
    }

    private async Task<(int? Version, BrandingCheck Check)> PublishItemAsync(ContentItem latest, string by, CancellationToken cancellationToken)
    {
        var organizationId = latest.OrganizationId;
        var check = await CheckAsync(organizationId, latest.Get<BrandingSettings>(), cancellationToken);
        if (!check.Valid)
        {
            return (null, check);
        }

        if (await reviews.CheckPublishAsync(latest, cancellationToken) is { } unreviewed)
        {
            check.Errors["Review"] = unreviewed;
            return (null, check);
        }

        var (_, published) = await content.PublishDraftAsync(latest.ContentItemId, null, null, by, cancellationToken);

        // Published now: a schedule of this draft is done with.
        await scheduler.EndPublicationIfChangedAsync(published, by, cancellationToken);
        await db.Set<PartnerBranding>().Where(b => b.OrganizationId == organizationId)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.LayoutError, (string?)null).SetProperty(b => b.LayoutErrorUtc, (DateTime?)null), cancellationToken);
        await landingPages.ForgetOrganizationAsync(organizationId, cancellationToken);
        return (published.Version, check);
    }

    /// <summary>Puts an earlier version into the draft (publish it to use it).</summary>
    public async Task<bool> RestoreAsync(string organizationId, int version, string by, CancellationToken cancellationToken = default)
    {
        var latest = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, VersionOptions.Latest, cancellationToken);
        var old = latest is null ? null : await content.GetVersionAsync(latest.ContentItemId, version, cancellationToken);
        if (latest is null || old is not { PublishedUtc: not null })
        {
            return false;
        }

        var (_, saved) = await content.SaveDraftAsync(latest.ContentItemId, old.Content, null, by, cancellationToken);
        await scheduler.EndPublicationIfChangedAsync(saved, by, cancellationToken);
        return true;
    }

    /// <summary>The branding's latest version (the draft, or what is published when there is no draft); null before the first save.</summary>
    public Task<ContentItem?> LatestAsync(string organizationId, CancellationToken cancellationToken = default) =>
        content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, VersionOptions.Latest, cancellationToken);

    /// <summary>The Schedule panel of the branding page.</summary>
    public async Task<ContentScheduleView> ScheduleViewAsync(string organizationId, string? publishError = null, string? unpublishError = null, CancellationToken cancellationToken = default) =>
        await scheduler.ViewAsync("/partner/branding", await LatestAsync(organizationId, cancellationToken), publishError, unpublishError, cancellationToken: cancellationToken);

    /// <summary>
    /// Schedules the draft's publication (it must be valid now; an edit ends the schedule) or the branding's
    /// unpublication (landing pages show the theme's defaults from then on). Null when scheduled, else why not.
    /// </summary>
    public async Task<string?> ScheduleAsync(string organizationId, ScheduledContentAction action, DateTime atUtc, string by, CancellationToken cancellationToken = default)
    {
        var latest = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, VersionOptions.Latest, cancellationToken);
        if (latest is null)
        {
            return action == ScheduledContentAction.Publish ? "There is no draft to schedule: save a draft first." : "Nothing is published: there is nothing to unpublish.";
        }

        if (action == ScheduledContentAction.Publish && !latest.Published && await CheckAsync(organizationId, latest.Get<BrandingSettings>(), cancellationToken) is { Valid: false } check)
        {
            return "The draft cannot be published as it is: " + string.Join(" ", check.Errors.Values);
        }

        return (await scheduler.ScheduleAsync(latest, action, atUtc, by, cancellationToken)).Error;
    }

    /// <summary>Cancels the branding's scheduled publication or unpublication; false when none was scheduled.</summary>
    public async Task<bool> CancelScheduleAsync(string organizationId, ScheduledContentAction action, string by, CancellationToken cancellationToken = default)
    {
        var latest = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, VersionOptions.Latest, cancellationToken);
        return latest is not null && await scheduler.CancelAsync(latest, action, by, cancellationToken: cancellationToken);
    }

    /// <summary>A scheduled publication: the same checks as by hand; null when published, else why not.</summary>
    internal async Task<string?> PublishScheduledAsync(ContentItem draft, string actor, CancellationToken cancellationToken)
    {
        var (version, check) = await PublishItemAsync(draft, actor, cancellationToken);
        return version is null ? string.Join(" ", check.Errors.Values) : null;
    }

    /// <summary>Takes the published branding down: landing pages show the theme's defaults (on every node) from now on.</summary>
    internal async Task UnpublishAsync(ContentItem item, string actor, CancellationToken cancellationToken)
    {
        await content.UnpublishAsync(item.ContentItemId, actor, cancellationToken);
        await landingPages.ForgetOrganizationAsync(item.OrganizationId, cancellationToken);
    }

    /// <summary>The branding as landing pages show it (published, or the draft): colours with their text colours, rendered texts.</summary>
    public async Task<PartnerBrandingView?> ViewAsync(string organizationId, bool draft, CancellationToken cancellationToken = default)
    {
        var item = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, draft ? VersionOptions.Latest : VersionOptions.Published, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var key = draft ? $"{organizationId}:draft:r{item.Revision}" : $"{organizationId}:v{item.Version}";
        return await ViewOfAsync(organizationId, item.Get<BrandingSettings>(), key, cancellationToken);
    }

    /// <summary>The branding with a culture's published texts over its own (an empty text keeps the default's).</summary>
    public async Task<PartnerBrandingView?> ViewAsync(string organizationId, bool draft, BrandingTexts texts, CancellationToken cancellationToken = default)
    {
        var item = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, organizationId, draft ? VersionOptions.Latest : VersionOptions.Published, cancellationToken);
        var settings = item?.Get<BrandingSettings>() ?? new BrandingSettings();
        settings.Headline = texts.Headline is { Length: > 0 } headline ? headline : settings.Headline;
        settings.Introduction = texts.Introduction is { Length: > 0 } introduction ? introduction : settings.Introduction;
        settings.ShareTitle = texts.ShareTitle is { Length: > 0 } title ? title : settings.ShareTitle;
        settings.ShareDescription = texts.ShareDescription is { Length: > 0 } description ? description : settings.ShareDescription;
        var key = (item is null ? $"{organizationId}:none" : draft ? $"{organizationId}:draft:r{item.Revision}" : $"{organizationId}:v{item.Version}") + ":" + texts.Culture;
        return await ViewOfAsync(organizationId, settings, key, cancellationToken);
    }

    /// <summary>Settings as landing pages would show them (for the published or draft branding, or unsaved settings being previewed).</summary>
    public async Task<PartnerBrandingView> ViewOfAsync(string organizationId, BrandingSettings settings, string key, CancellationToken cancellationToken = default)
    {
        var model = await TextModelAsync(organizationId, cancellationToken);
        var size = settings.LogoId is { } logoId
            ? await db.Set<BrandingAsset>().AcrossOrganizations(Everyone).AsNoTracking().Where(a => a.Id == logoId).Select(a => new { a.Width, a.Height }).FirstOrDefaultAsync(cancellationToken)
            : null;
        // An open-graph image is shown at 1200 pixels wide by the sites that preview links.
        var shareImage = settings.ShareImageId is { } imageId && media.FirstOrDefault() is { } catalog ? await catalog.FindAsync(organizationId, imageId, 1200, cancellationToken) : null;
        return new PartnerBrandingView(
            settings.LogoId is { } logo ? "/branding/logo/" + logo : string.Empty,
            size is { Height: > 0 } ? (int)Math.Round(48.0 * size.Width / size.Height) : 48,
            settings.PrimaryColor, InkFor(settings.PrimaryColor), settings.AccentColor, InkFor(settings.AccentColor),
            await TextAsync(settings.Headline, model, cancellationToken), await TextAsync(settings.Introduction, model, cancellationToken),
            settings.ShowPhone, settings.ShowEmail, settings.ShowWebSite, settings.ShowAddress,
            string.IsNullOrWhiteSpace(settings.LayoutOverride) ? null : settings.LayoutOverride, key,
            (settings.ShareTitle ?? string.Empty).Trim(), (settings.ShareDescription ?? string.Empty).Trim(), shareImage?.Url ?? string.Empty, shareImage?.AltText ?? string.Empty);
    }

    /// <summary>What the headline and introduction may print: partner.name and partner.partner_id.</summary>
    private async Task<Dictionary<string, object?>> TextModelAsync(string organizationId, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AcrossOrganizations(Everyone).AsNoTracking().Where(o => o.Id == organizationId)
            .Select(o => new { o.Name, o.PartnerId }).FirstAsync(cancellationToken);
        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["partner"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = organization.Name, ["partner_id"] = organization.PartnerId ?? string.Empty } };
    }

    private async Task<string> TextAsync(string? source, Dictionary<string, object?> model, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return string.Empty;
        }

        try
        {
            return (await liquid.RenderAsync(source, model, html: false, cancellationToken: cancellationToken)).Trim();
        }
        catch (LiquidTemplateException ex)
        {
            logger.LogWarning("A branding text failed to render: {Error}", ex.Message);
            return string.Empty;
        }
    }

    public async Task ReportLayoutErrorAsync(string organizationId, string error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var text = error.Length > 2000 ? error[..2000] : error;
        var updated = await db.Set<PartnerBranding>().AcrossOrganizations("a landing page reports its partner's broken layout").Where(b => b.OrganizationId == organizationId)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.LayoutError, text).SetProperty(b => b.LayoutErrorUtc, now), cancellationToken);
        if (updated == 0)
        {
            db.Add(new PartnerBranding { OrganizationId = organizationId, LayoutError = text, LayoutErrorUtc = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another visitor's request reported the same failure at the same moment: its row says it.
                db.ChangeTracker.Clear();
            }
        }
    }

    public Task<BrandingAsset?> LogoAsync(string id, CancellationToken cancellationToken = default) =>
        id.Length > 64 ? Task.FromResult<BrandingAsset?>(null) : db.Set<BrandingAsset>().AcrossOrganizations(Everyone).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    /// <summary>White or near-black: whichever reads better on <paramref name="background"/>.</summary>
    public static string InkFor(string background) => Contrast(background, "#ffffff") >= Contrast(background, "#111111") ? "#ffffff" : "#111111";

    /// <summary>The WCAG contrast ratio of two #rrggbb colours (1 to 21).</summary>
    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        if (!Color().IsMatch(hex ?? string.Empty))
        {
            return 0;
        }

        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex Color();

    [GeneratedRegex(@"\|\s*raw\b", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex RawFilter();

    [GeneratedRegex(@"\{\{-?\s*page\.(?:content|header|footer)\s*\|\s*raw\s*-?\}\}", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex AllowedRaw();
}

/// <summary>The landing pages' source of branding (published, or the draft in a preview).</summary>
public sealed class BrandingSource(BrandingService branding, BrandingTextsService texts) : IPartnerBrandingSource, ILandingProblems
{
    public Task<PartnerBrandingView?> GetAsync(string organizationId, bool draft, CancellationToken cancellationToken = default) => branding.ViewAsync(organizationId, draft, cancellationToken);

    public async Task<PartnerBrandingView?> GetInCultureAsync(string organizationId, bool draft, System.Globalization.CultureInfo? culture, CancellationToken cancellationToken = default) =>
        await texts.ForLandingAsync(organizationId, culture, cancellationToken) is { } variant
            ? await branding.ViewAsync(organizationId, draft, variant, cancellationToken)
            : await branding.ViewAsync(organizationId, draft, cancellationToken);

    public Task<IReadOnlyList<System.Globalization.CultureInfo>> CulturesAsync(string organizationId, CancellationToken cancellationToken = default) =>
        texts.PublishedCulturesAsync(organizationId, cancellationToken);

    public Task ReportLayoutErrorAsync(string organizationId, string error, CancellationToken cancellationToken = default) => branding.ReportLayoutErrorAsync(organizationId, error, cancellationToken);

    public async Task<(string Headline, string Introduction)> TextsAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var state = await branding.LoadAsync(organizationId, cancellationToken);
        return state.Published is { } published ? (published.Headline, published.Introduction) : (string.Empty, string.Empty);
    }

    public async Task<string?> PublishTextsAsync(string organizationId, string headline, string introduction, string by, CancellationToken cancellationToken = default)
    {
        var state = await branding.LoadAsync(organizationId, cancellationToken);
        var published = state.Published ?? new BrandingSettings();
        if (state.Published is null && state.DraftSavedUtc is not null)
        {
            return "The branding has a draft that was never published: publish it (or discard it) on the branding page first, so that it does not go live with the headline.";
        }

        if (state.Published is not null && JsonSerializer.Serialize(state.Draft, BrandingService.Json) != JsonSerializer.Serialize(published, BrandingService.Json))
        {
            return "The branding's draft has changes that are not published: publish or discard them on the branding page first, so that they do not go live with the headline.";
        }

        published.Headline = headline;
        published.Introduction = introduction;
        var saved = await branding.SaveDraftAsync(organizationId, published, null, removeLogo: false, by, cancellationToken);
        if (!saved.Valid)
        {
            return "The headline could not be saved: " + string.Join(" ", saved.Errors.Values);
        }

        var (version, check) = await branding.PublishAsync(organizationId, by, cancellationToken);
        return version is not null ? null
            : check.Errors.TryGetValue("Review", out var review) ? $"The headline is saved in the branding's draft, but not published: {review}"
            : "The headline is saved in the branding's draft, but could not be published: " + string.Join(" ", check.Errors.Values);
    }
}
