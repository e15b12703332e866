using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Localization;
using PartnerCms.Templates.Models;

namespace PartnerCms.Templates.Services;

public sealed record TemplateVersion(int Version, bool Published, bool Latest, string Subject, string Body, string? Author, DateTime ModifiedUtc);

public sealed record PublishedMessageTemplate(MessageTemplatePart Part, string CacheKey)
{
    public string SubjectCacheKey => CacheKey + ":subject";

    public string BodyCacheKey => CacheKey + ":body";
}

public sealed record TemplateState(MessageTemplateKind Kind, ContentItem? Item, MessageTemplatePart Current, bool IsDefault);

public sealed record TemplateSaveResult(bool Succeeded, IReadOnlyList<(string Field, LiquidError Error)> Errors, int Version = 0, bool ScheduleCancelled = false)
{
    public static TemplateSaveResult Fail(string field, LiquidError error) => new(false, [(field, error)]);
}

/// <summary>
/// A partner's message templates. Until a partner saves its own, it uses the platform's defaults (shipped in a recipe).
/// Publishing an offer template whose body lacks the offer link is refused.
/// </summary>
public sealed partial class MessageTemplateService(
    PartnerCmsDbContext db, ContentManager contentManager, LiquidTemplateService liquid, IOptions<MessageTemplateOptions> kinds,
    ContentScheduler scheduler, ContentReviews reviews, PortalCultures cultures)
{
    public const string PlatformOrganizationId = "platform";

    public IReadOnlyCollection<MessageTemplateKind> Kinds => kinds.Value.Kinds.Values;

    /// <summary>
    /// A kind by name, or a culture's variant of it ("purchase-offer.de-DE": its own item, draft, versions and schedule,
    /// with the kind's variables and checks) for an enabled culture other than en-US.
    /// </summary>
    public MessageTemplateKind? Kind(string? name)
    {
        if (name is null || name.Length > 100)
        {
            return null;
        }

        if (kinds.Value.Kinds.GetValueOrDefault(name) is { } kind)
        {
            return kind;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && kinds.Value.Kinds.GetValueOrDefault(name[..dot]) is { } baseKind && VariantCulture(name[(dot + 1)..]) is { } culture
            ? baseKind with { Name = VariantName(baseKind.Name, culture), DisplayName = $"{baseKind.DisplayName} — {culture.EnglishName}" }
            : null;
    }

    /// <summary>The culture of a variant's name ("purchase-offer.de-DE" → de-DE), or null for a kind's default.</summary>
    public CultureInfo? CultureOf(string kindName) =>
        kindName.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? VariantCulture(kindName[(dot + 1)..]) : null;

    /// <summary>The kind a variant belongs to ("purchase-offer.de-DE" → purchase-offer).</summary>
    public static string BaseKind(string kindName) => kindName.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? kindName[..dot] : kindName;

    public static string VariantName(string kindName, CultureInfo culture) => $"{kindName}.{culture.Name}";

    /// <summary>The enabled cultures a kind can have a variant in (all but en-US, whose text is the kind's own).</summary>
    public IEnumerable<CultureInfo> VariantCultures => cultures.Enabled.Where(c => c.Name != CultureOptions.Default);

    private CultureInfo? VariantCulture(string name) => cultures.Find(name) is { } culture && culture.Name != CultureOptions.Default ? culture : null;

    /// <summary>
    /// The published template in <paramref name="culture"/> (the organization's variant, else the platform's), else the
    /// kind's own (the organization's, else the default): a missing variant is never an error. Culture says which was found.
    /// </summary>
    public async Task<(PublishedMessageTemplate? Template, CultureInfo? Culture)> GetPublishedInCultureAsync(string organizationId, string kindName, CultureInfo? culture, CancellationToken cancellationToken = default)
    {
        if (culture is not null && VariantCulture(culture.Name) is { } variant
            && await GetPublishedTemplateAsync(organizationId, VariantName(kindName, variant), cancellationToken) is { } localized)
        {
            return (localized, variant);
        }

        return (await GetPublishedTemplateAsync(organizationId, kindName, cancellationToken), null);
    }

    /// <summary>The organization's template of a kind (latest version), or the platform default.</summary>
    public async Task<TemplateState?> GetAsync(string organizationId, string kindName, CancellationToken cancellationToken = default)
    {
        var kind = Kind(kindName);
        if (kind is null)
        {
            return null;
        }

        var own = await FindAsync(organizationId, kindName, VersionOptions.Latest, cancellationToken);
        if (own is not null)
        {
            return new TemplateState(kind, own, own.Get<MessageTemplatePart>(), IsDefault: false);
        }

        var fallback = await FindAsync(PlatformOrganizationId, kindName, VersionOptions.Published, cancellationToken);
        if (fallback is null && CultureOf(kindName) is not null && await GetPublishedInCultureAsync(organizationId, BaseKind(kindName), null, cancellationToken) is ({ } english, _))
        {
            // A language not written yet starts from the text customers get instead (the kind's own, published).
            return new TemplateState(kind, null, new MessageTemplatePart { Kind = kindName, Subject = english.Part.Subject, Body = english.Part.Body }, IsDefault: true);
        }

        return new TemplateState(kind, null, fallback?.Get<MessageTemplatePart>() ?? new MessageTemplatePart { Kind = kindName }, IsDefault: true);
    }

    /// <summary>What a kind's (or variant's) row says: Default, Published, Published with a draft, Draft.</summary>
    public async Task<string> StateAsync(string organizationId, string kindName, CancellationToken cancellationToken = default)
    {
        var history = await HistoryAsync(organizationId, kindName, cancellationToken);
        return history.Count == 0 ? "Default"
            : history.Any(v => v.Latest && v.Published) ? "Published"
            : history.Any(v => v.Published) ? "Published, with a draft" : "Draft (customers get the default)";
    }

    /// <summary>The kind's variants in the enabled cultures and their states ("Default" for a variant: missing, the kind's own text is used).</summary>
    public async Task<IReadOnlyList<(CultureInfo Culture, string State)>> LanguagesAsync(string organizationId, string kindName, CancellationToken cancellationToken = default)
    {
        var rows = new List<(CultureInfo, string)>();
        foreach (var culture in VariantCultures)
        {
            rows.Add((culture, await StateAsync(organizationId, VariantName(BaseKind(kindName), culture), cancellationToken)));
        }

        return rows;
    }

    /// <summary>The published template the organization's messages are rendered from (its own, else the default).</summary>
    public async Task<MessageTemplatePart?> GetPublishedAsync(string organizationId, string kindName, CancellationToken cancellationToken = default) =>
        (await FindAsync(organizationId, kindName, VersionOptions.Published, cancellationToken)
            ?? await FindAsync(PlatformOrganizationId, kindName, VersionOptions.Published, cancellationToken))?.Get<MessageTemplatePart>();

    /// <summary>
    /// The published template with the key its parsed form is cached under: the content item and its version, which
    /// never changes once published (publishing again makes a new version, hence a new key).
    /// </summary>
    public async Task<PublishedMessageTemplate?> GetPublishedTemplateAsync(string organizationId, string kindName, CancellationToken cancellationToken = default)
    {
        var item = await FindAsync(organizationId, kindName, VersionOptions.Published, cancellationToken)
            ?? await FindAsync(PlatformOrganizationId, kindName, VersionOptions.Published, cancellationToken);
        return item is null ? null : new PublishedMessageTemplate(item.Get<MessageTemplatePart>(), $"message-template:{item.ContentItemId}:{item.Version}");
    }

    /// <summary>Checks both fields; nothing is saved when either has a syntax error.</summary>
    public IReadOnlyList<(string Field, LiquidError Error)> Check(string subject, string body)
    {
        var errors = new List<(string, LiquidError)>();
        if (liquid.Validate(subject) is { } subjectError)
        {
            errors.Add(("Subject", subjectError));
        }

        if (liquid.Validate(body) is { } bodyError)
        {
            errors.Add(("Body", bodyError));
        }

        return errors;
    }

    /// <summary>
    /// Checks both fields, then renders them with the kind's sample data within the render limits: a template that
    /// parses but fails or runs away when rendered is refused on save and publish, not found on the offer page.
    /// </summary>
    public async Task<IReadOnlyList<(string Field, LiquidError Error)>> CheckAsync(MessageTemplateKind kind, string subject, string body, CancellationToken cancellationToken = default)
    {
        var errors = Check(subject, body);
        if (errors.Count > 0)
        {
            return errors;
        }

        var model = kind.SampleModel();
        foreach (var (field, source) in new[] { ("Subject", subject), ("Body", body) })
        {
            try
            {
                await liquid.RenderAsync(source, model, html: false, cancellationToken: cancellationToken);
            }
            catch (LiquidTemplateException ex)
            {
                return [(field, new LiquidError("With sample data: " + ex.Error.Message, ex.Error.Line, ex.Error.Column))];
            }
        }

        return [];
    }

    /// <summary>Saves a draft (a new version when the latest was published).</summary>
    public async Task<TemplateSaveResult> SaveDraftAsync(string organizationId, string kindName, string subject, string body, int basedOnVersion, string author, CancellationToken cancellationToken = default)
    {
        var kind = Kind(kindName);
        var errors = kind is null ? Check(subject, body) : await CheckAsync(kind, subject, body, cancellationToken);
        if (errors.Count > 0)
        {
            return new TemplateSaveResult(false, errors);
        }

        var item = await FindAsync(organizationId, kindName, VersionOptions.Latest, cancellationToken);
        try
        {
            if (item is null)
            {
                item = contentManager.New(MessageTemplatePart.ContentType);
                item.OrganizationId = organizationId;
                item.Author = author;
                item.DisplayText = kindName;
                item.Apply(new MessageTemplatePart { Kind = kindName, Subject = subject, Body = body });
                await contentManager.CreateAsync(item, publish: false, cancellationToken);
            }
            else
            {
                if (item.Version != basedOnVersion)
                {
                    return TemplateSaveResult.Fail(string.Empty, new LiquidError("Someone else saved this template while you were editing. Your text was not saved: copy it, reload, and apply it again.", 0, 0));
                }

                item.Author = author;
                item.Apply(new MessageTemplatePart { Kind = kindName, Subject = subject, Body = body });
                await contentManager.UpdateAsync(item, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is ContentConcurrencyException || (ex is DbUpdateException update && update.IsUniqueViolation<MessageTemplateIndex>(db, nameof(MessageTemplateIndex.OrganizationId), nameof(MessageTemplateIndex.Kind))))
        {
            db.ChangeTracker.Clear();
            return TemplateSaveResult.Fail(string.Empty, new LiquidError("Someone else saved this template at the same moment. Your text was not saved: reload and try again.", 0, 0));
        }

        // An edit ends a scheduled publication: what was scheduled (and reviewed) is not what is there now.
        var scheduleCancelled = await scheduler.EndPublicationIfChangedAsync(item, author, cancellationToken);
        return new TemplateSaveResult(true, [], item.Version, scheduleCancelled);
    }

    /// <summary>Publishes the latest version, unless it has an error or an offer template lacks the offer link.</summary>
    public async Task<TemplateSaveResult> PublishAsync(string organizationId, string kindName, string author, CancellationToken cancellationToken = default)
    {
        var kind = Kind(kindName);
        var item = await FindAsync(organizationId, kindName, VersionOptions.Latest, cancellationToken);
        if (kind is null || item is null)
        {
            return TemplateSaveResult.Fail(string.Empty, new LiquidError("Save a draft first.", 0, 0));
        }

        return await PublishItemAsync(kind, item, author, cancellationToken);
    }

    private async Task<IReadOnlyList<(string Field, LiquidError Error)>> PublishableAsync(MessageTemplateKind kind, MessageTemplatePart part, CancellationToken cancellationToken)
    {
        var errors = await CheckAsync(kind, part.Subject, part.Body, cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }

        return kind.RequiresOfferLink && !HasOfferLink(part.Body)
            ? [("Body", new LiquidError("The body must contain the offer link, {{ offer.link }}: without it customers cannot open the offer. Put it back, then publish.", 0, 0))]
            : [];
    }

    private async Task<TemplateSaveResult> PublishItemAsync(MessageTemplateKind kind, ContentItem item, string author, CancellationToken cancellationToken)
    {
        var part = item.Get<MessageTemplatePart>();
        var errors = await PublishableAsync(kind, part, cancellationToken);
        if (errors.Count > 0)
        {
            return new TemplateSaveResult(false, errors);
        }

        if (await reviews.CheckPublishAsync(item, cancellationToken) is { } unreviewed)
        {
            return TemplateSaveResult.Fail("Review", new LiquidError(unreviewed, 0, 0));
        }

        item.Author = author;
        await contentManager.PublishAsync(item, cancellationToken);

        // Published now: a schedule of this draft is done with.
        await scheduler.EndPublicationIfChangedAsync(item, author, cancellationToken);

        return new TemplateSaveResult(true, [], item.Version);
    }

    /// <summary>The item's schedules for the editor's Schedule panel (none when it has no own item).</summary>
    public async Task<ContentScheduleView> ScheduleViewAsync(string organizationId, string kindName, string? publishError = null, string? unpublishError = null, CancellationToken cancellationToken = default) =>
        await scheduler.ViewAsync(
            $"/partner/templates/{kindName}", await FindAsync(organizationId, kindName, VersionOptions.Latest, cancellationToken), publishError, unpublishError,
            canUnpublish: organizationId != PlatformOrganizationId, cancellationToken);

    /// <summary>
    /// Schedules the draft to be published at <paramref name="publishAtUtc"/> by the job runner (once across nodes, kept
    /// over restarts). The draft must be publishable now; editing it cancels the schedule.
    /// </summary>
    public async Task<TemplateSaveResult> SchedulePublishAsync(string organizationId, string kindName, DateTime publishAtUtc, string author, CancellationToken cancellationToken = default)
    {
        var kind = Kind(kindName);
        var item = await FindAsync(organizationId, kindName, VersionOptions.Latest, cancellationToken);
        if (kind is null || item is null || item.Published)
        {
            return TemplateSaveResult.Fail("PublishAt", new LiquidError("There is no draft to schedule: save a draft first.", 0, 0));
        }

        var errors = await PublishableAsync(kind, item.Get<MessageTemplatePart>(), cancellationToken);
        if (errors.Count > 0)
        {
            return new TemplateSaveResult(false, errors);
        }

        var result = await scheduler.ScheduleAsync(item, ScheduledContentAction.Publish, publishAtUtc, author, cancellationToken);
        return result.Succeeded ? new TemplateSaveResult(true, [], item.Version) : TemplateSaveResult.Fail("PublishAt", new LiquidError(result.Error!, 0, 0));
    }

    /// <summary>
    /// Schedules the partner's own template to be taken down at <paramref name="unpublishAtUtc"/>: its messages use the
    /// default from then on (a seasonal text that ends). The platform's defaults cannot be taken down.
    /// </summary>
    public async Task<TemplateSaveResult> ScheduleUnpublishAsync(string organizationId, string kindName, DateTime unpublishAtUtc, string author, CancellationToken cancellationToken = default)
    {
        var item = await FindAsync(organizationId, kindName, VersionOptions.Latest, cancellationToken);
        if (Kind(kindName) is null || item is null || organizationId == PlatformOrganizationId)
        {
            return TemplateSaveResult.Fail("UnpublishAt", new LiquidError("Only your own published template can be taken down: the default stays.", 0, 0));
        }

        var result = await scheduler.ScheduleAsync(item, ScheduledContentAction.Unpublish, unpublishAtUtc, author, cancellationToken);
        return result.Succeeded ? new TemplateSaveResult(true, [], item.Version) : TemplateSaveResult.Fail("UnpublishAt", new LiquidError(result.Error!, 0, 0));
    }

    /// <summary>Cancels the template's scheduled publication or unpublication; false when none was scheduled.</summary>
    public async Task<bool> CancelScheduleAsync(string organizationId, string kindName, ScheduledContentAction action, string author, CancellationToken cancellationToken = default)
    {
        var item = await FindAsync(organizationId, kindName, VersionOptions.Latest, cancellationToken);
        return item is not null && await scheduler.CancelAsync(item, action, author, cancellationToken: cancellationToken);
    }

    /// <summary>A scheduled publication: the same checks as by hand (a kind's variables may have changed since).</summary>
    internal async Task<string?> PublishScheduledAsync(ContentItem draft, string actor, CancellationToken cancellationToken)
    {
        var kind = Kind(draft.Get<MessageTemplatePart>().Kind);
        if (kind is null)
        {
            return "the kind of message no longer exists";
        }

        var result = await PublishItemAsync(kind, draft, actor, cancellationToken);
        return result.Succeeded ? null : result.Errors[0].Error.Message;
    }

    /// <summary>Takes the organization's own template down: its messages use the default again.</summary>
    internal async Task UnpublishAsync(ContentItem item, string actor, CancellationToken cancellationToken) =>
        await contentManager.UnpublishAsync(item.ContentItemId, actor, cancellationToken);

    public async Task<IReadOnlyList<TemplateVersion>> HistoryAsync(string organizationId, string kindName, CancellationToken cancellationToken = default)
    {
        var id = await IdAsync(organizationId, kindName, cancellationToken);
        if (id is null)
        {
            return [];
        }

        return (await contentManager.GetVersionsAsync(id, cancellationToken))
            .Select(v => (v, part: v.Get<MessageTemplatePart>()))
            .Select(x => new TemplateVersion(x.v.Version, x.v.Published, x.v.Latest, x.part.Subject, x.part.Body, x.v.Author, x.v.ModifiedUtc))
            .ToList();
    }

    /// <summary>Makes an old version's text the new draft; nothing is lost, the history grows.</summary>
    public async Task<TemplateSaveResult> RestoreAsync(string organizationId, string kindName, int version, string author, CancellationToken cancellationToken = default)
    {
        var history = await HistoryAsync(organizationId, kindName, cancellationToken);
        var old = history.FirstOrDefault(v => v.Version == version);
        var latest = history.FirstOrDefault(v => v.Latest);
        if (old is null || latest is null)
        {
            return TemplateSaveResult.Fail(string.Empty, new LiquidError($"There is no version {version}.", 0, 0));
        }

        return await SaveDraftAsync(organizationId, kindName, old.Subject, old.Body, latest.Version, author, cancellationToken);
    }

    /// <summary>True when the body outputs the offer link: <c>{{ offer.link }}</c>, with or without filters or whitespace control.</summary>
    public static bool HasOfferLink(string body) => OfferLink().IsMatch(body);

    [GeneratedRegex(@"\{\{-?\s*offer\.link\b", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex OfferLink();

    internal async Task<ContentItem?> FindAsync(string organizationId, string kindName, VersionOptions version, CancellationToken cancellationToken)
    {
        var id = await IdAsync(organizationId, kindName, cancellationToken);
        if (id is null)
        {
            return null;
        }

        return await contentManager.GetFromAnyOrganizationAsync(id, version, cancellationToken);
    }

    private Task<string?> IdAsync(string organizationId, string kindName, CancellationToken cancellationToken) =>
        db.Set<MessageTemplateIndex>().ForOrganization(organizationId).AsNoTracking()
            .Where(i => i.Kind == kindName)
            .Select(i => i.ContentItemId)
            .FirstOrDefaultAsync(cancellationToken);
}
