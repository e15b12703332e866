
namespace PartnerCms.Landing;

/// <summary>Renders a real offer's landing page with the current branding (the offers module does it); null when the offer is not the organization's.</summary>
public interface ILandingPreviewRenderer
{
    Task<string?> RenderOfferAsync(string organizationId, string quoteId, CancellationToken cancellationToken = default);

    /// <summary>The organization's open offers to preview (Quote ID, a label).</summary>
    Task<IReadOnlyList<(string QuoteId, string Label)>> OffersAsync(string organizationId, CancellationToken cancellationToken = default);
}
