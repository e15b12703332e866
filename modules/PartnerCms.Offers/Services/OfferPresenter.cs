using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Validation;
using PartnerCms.Landing;
using PartnerCms.Offers.Models;
using PartnerCms.Partners.Services;
using PartnerCms.Templates.Models;
using PartnerCms.Templates.Services;

namespace PartnerCms.Offers.Services;

public sealed record OfferMessage(string Subject, string Body, string? Problem);

/// <summary>
/// How an offer is shown: its absolute signed link, the message rendered from the partner's published template (R9),
/// the mailto link, and the partner's branding for the landing page (R1, R12).
/// </summary>
public sealed class OfferPresenter(
    PartnerCmsDbContext db, OfferService offers, MessageTemplateService templates, LiquidTemplateService liquid, IConfiguration configuration, PartnerProfiles partners,
    IServiceProvider services, PartnerCms.Core.Localization.PortalCultures cultures)
{
    /// <summary>
    /// Longest mailto: link we hand to mail programs. Outlook and browsers on Windows cut URLs near 2,083 characters;
    /// past this the page says so and offers Copy instead.
    /// </summary>
    public const int MaxMailToLength = 2000;

    /// <summary>The address customers open: PartnerCms:PublicUrl when set (behind proxies), else the request's own.</summary>
    public string LinkFor(OfferPart offer, HttpRequest request)
    {
        var configured = configuration["PartnerCms:PublicUrl"];
        var origin = string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : configured.TrimEnd('/');
        return origin + offers.PathFor(offer);
    }

    /// <summary>The offer's absolute link outside a request (a workflow's e-mail): PartnerCms:PublicUrl, else null.</summary>
    public string? PublicLinkFor(OfferPart offer) =>
        configuration["PartnerCms:PublicUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') + offers.PathFor(offer) : null;

    public static string TemplateKind(OfferKind kind) =>
        kind switch
        {
            OfferKind.TrialInvitation => MessageTemplateKindNames.TrialInvitation,
            OfferKind.DelegatedAdministration => MessageTemplateKindNames.DelegatedAdministrationOffer,
            _ => MessageTemplateKindNames.PurchaseOffer,
        };

    public async Task<OfferMessage> RenderMessageAsync(ContentItem item, string link, CancellationToken cancellationToken = default)
    {
        var offer = item.Get<OfferPart>();
        var model = await TemplateModelAsync(item, link, cancellationToken);
        // In the language of the offer's usage location when the partner (or the platform) wrote it, else the default.
        var (published, culture) = await templates.GetPublishedInCultureAsync(item.OrganizationId, TemplateKind(offer.Kind), cultures.ForCountry(offer.UsageLocation), cancellationToken);
        if (published is { Part: var template })
        {
            using var speaking = culture is null ? null : LiquidCulture.Use(culture, null);
            using var forPartner = LiquidOrganization.Use(item.OrganizationId);
            try
            {
                // Parsed once per published version (cached by content item and version), rendered per request.
                var subject = await liquid.RenderAsync(template.Subject, model, html: false, published.SubjectCacheKey, cancellationToken);
                var body = await liquid.RenderAsync(template.Body, model, html: false, published.BodyCacheKey, cancellationToken);
                if (body.Contains(link, StringComparison.Ordinal))
                {
                    return new OfferMessage(subject.Trim(), body.Trim(), null);
                }

                return new OfferMessage(subject.Trim(), body.Trim() + "\n\n" + link, "The published template does not print the offer link, so it was added at the end.");
            }
            catch (LiquidTemplateException ex)
            {
                return Fallback(offer, link, $"The published template could not be rendered ({ex.Error}); a plain message is shown instead.");
            }
        }

        return Fallback(offer, link, "There is no published template for this kind of offer; a plain message is shown instead.");
    }

    /// <summary>A mailto: link with subject and body percent-encoded (RFC 6068: line breaks as CRLF), or null when too long.</summary>
    public static string? MailTo(string subject, string body)
    {
        var href = "mailto:?subject=" + Uri.EscapeDataString(subject) + "&body=" + Uri.EscapeDataString(body.ReplaceLineEndings("\r\n"));
        return href.Length <= MaxMailToLength ? href : null;
    }

    public async Task<IReadOnlyDictionary<string, object?>> TemplateModelAsync(ContentItem item, string link, CancellationToken cancellationToken = default)
    {
        var offer = item.Get<OfferPart>();
        var branding = await BrandingAsync(item.OrganizationId, cancellationToken);
        var office = await partners.OfficeAsync(item.OrganizationId, offer.OfficeId, includeRetired: true, cancellationToken);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["partner"] = new PartnerModel { Name = branding.Name, PartnerId = branding.PartnerId, Phone = branding.Phone, Email = branding.Email, WebSite = branding.WebSite },
            ["office"] = new OfficeModel { Name = office?.Name ?? string.Empty, City = office?.City ?? string.Empty, Country = CountriesAndRegions.NameOf(office?.CountryOrRegion), Phone = branding.Phone },
            ["offer"] = new OfferModel
            {
                QuoteId = offer.QuoteId,
                Link = link,
                IsTrial = offer.Kind == OfferKind.TrialInvitation,
                IncludesDelegatedAdministration = offer.IncludesDelegatedAdministration,
                ExpiresOn = offer.ExpiresUtc?.Date,
                Subscriptions = offer.Lines.Select(l => new OfferSubscriptionModel { Name = l.SkuName, Licences = l.Licences, TrialDays = l.TrialDays ?? 0 }).ToList(),
            },
        };
    }

    /// <summary>The partner's name, partner ID and company information as customers see them.</summary>
    public Task<LandingBranding> BrandingAsync(string partnerOrganizationId, CancellationToken cancellationToken = default) =>
        BrandingInCultureAsync(partnerOrganizationId, null, cancellationToken);

    /// <summary>The cultures the partner's landing pages are offered in (en-US, and those it published texts for).</summary>
    public async Task<IReadOnlyList<System.Globalization.CultureInfo>> LandingCulturesAsync(string partnerOrganizationId, CancellationToken cancellationToken = default) =>
        services.GetService(typeof(IPartnerBrandingSource)) is IPartnerBrandingSource source
            ? await source.CulturesAsync(partnerOrganizationId, cancellationToken)
            : [PartnerCms.Core.Localization.PortalCultures.DefaultCulture];

    /// <summary>As <see cref="BrandingAsync(string, CancellationToken)"/>, with the partner's texts in <paramref name="culture"/> where it published them.</summary>
    public async Task<LandingBranding> BrandingInCultureAsync(string partnerOrganizationId, System.Globalization.CultureInfo? culture, CancellationToken cancellationToken = default)
    {
        var organization = await db.Organizations.AcrossOrganizations("the landing page is anonymous: it shows the partner's name and ID")
            .AsNoTracking().FirstAsync(o => o.Id == partnerOrganizationId, cancellationToken);
        var information = await partners.CompanyInformationAsync(partnerOrganizationId, cancellationToken);
        // The partner's branding (published, or the draft in its preview), when the branding module is on.
        var preview = services.GetService(typeof(LandingPreview)) as LandingPreview;
        var brand = preview?.Unsaved ?? (services.GetService(typeof(IPartnerBrandingSource)) is IPartnerBrandingSource source
            ? await source.GetInCultureAsync(partnerOrganizationId, preview?.Draft == true, culture, cancellationToken)
            : null);
        return new LandingBranding
        {
            OrganizationId = partnerOrganizationId,
            Name = organization.Name,
            PartnerId = organization.PartnerId ?? string.Empty,
            Phone = brand is { ShowPhone: false } ? string.Empty : information?.Phone ?? string.Empty,
            Email = brand is { ShowEmail: false } ? string.Empty : information?.Email ?? string.Empty,
            WebSite = brand is { ShowWebSite: false } ? string.Empty : information?.WebSite ?? string.Empty,
            AddressLines = brand is { ShowAddress: false } ? [] : information?.Address.Lines().ToList() ?? [],
            LogoUrl = brand?.LogoUrl ?? string.Empty,
            LogoWidth = brand?.LogoWidth ?? 0,
            PrimaryColor = brand?.PrimaryColor ?? string.Empty,
            PrimaryInk = brand?.PrimaryInk ?? string.Empty,
            AccentColor = brand?.AccentColor ?? string.Empty,
            AccentInk = brand?.AccentInk ?? string.Empty,
            Headline = brand?.Headline ?? string.Empty,
            Introduction = brand?.Introduction ?? string.Empty,
            LayoutOverride = brand?.LayoutOverride,
            LayoutOverrideKey = brand?.Key ?? string.Empty,
            ShareTitle = brand?.ShareTitle ?? string.Empty,
            ShareDescription = brand?.ShareDescription ?? string.Empty,
            ShareImageUrl = Absolute(brand?.ShareImageUrl),
            ShareImageAlt = brand?.ShareImageAlt ?? string.Empty,
        };
    }

    /// <summary>An image of the partner's media library as link previews show it (1200 pixels wide, an absolute address), or null.</summary>
    public async Task<(string Url, string Alt)?> ShareImageAsync(string partnerOrganizationId, string? imageId, CancellationToken cancellationToken = default) =>
        imageId is not null && services.GetService(typeof(IEnumerable<PartnerCms.Core.Media.IMediaCatalog>)) is IEnumerable<PartnerCms.Core.Media.IMediaCatalog> catalogs && catalogs.FirstOrDefault() is { } catalog
            && await catalog.FindAsync(partnerOrganizationId, imageId, 1200, cancellationToken) is { } image
            ? (Absolute(image.Url), image.AltText)
            : null;

    /// <summary>An image address as sites that preview links need it: absolute (PartnerCms:PublicUrl, else this request's origin).</summary>
    private string Absolute(string? url)
    {
        if (string.IsNullOrEmpty(url) || !url.StartsWith('/'))
        {
            return url ?? string.Empty;
        }

        var request = (services.GetService(typeof(IHttpContextAccessor)) as IHttpContextAccessor)?.HttpContext?.Request;
        return request is null ? url : $"{request.Scheme}://{request.Host}{request.PathBase}{url}";
    }

    private static OfferMessage Fallback(OfferPart offer, string link, string problem)
    {
        var body = new StringBuilder();
        body.AppendLine(offer.Kind == OfferKind.TrialInvitation ? "You are invited to try:" : "Our offer for you:");
        foreach (var line in offer.Lines)
        {
            body.AppendLine(line.TrialDays is { } days ? $"- {line.SkuName} ({days}-day trial)" : $"- {line.SkuName}: {line.Licences:N0} user licences");
        }

        body.AppendLine().AppendLine("Open the offer: " + link).Append("Quote ID: ").Append(offer.QuoteId);
        return new OfferMessage(offer.Kind == OfferKind.TrialInvitation ? "Your trial invitation" : "Your purchase offer", body.ToString(), problem);
    }
}
