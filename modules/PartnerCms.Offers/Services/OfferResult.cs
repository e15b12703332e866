using PartnerCms.Core.Content;

namespace PartnerCms.Offers.Services;

/// <summary>An offer made, or why not, by field.</summary>
public sealed record OfferResult(bool Succeeded, IReadOnlyDictionary<string, string> Errors, ContentItem? Offer = null)
{
    public static OfferResult Fail(string field, string message) => new(false, new Dictionary<string, string>(StringComparer.Ordinal) { [field] = message });
}
