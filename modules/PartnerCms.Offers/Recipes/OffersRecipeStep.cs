using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.Recipes;

/// <summary>
/// <c>{ "name": "offers", "offers": [ { "partner": "id", "quoteId": "Q-DEM-0DA", "kind": "DelegatedAdministration",
/// "office": "RED-001", "customer": "id", "createdBy": "user name", "relationshipEndsInDays": 365 } ] }</c>: offers made
/// as the partner's wizard makes them, checked the same way. An offer whose Quote ID exists is left as it is, so running
/// the recipe again changes nothing. Trial and purchase offers name <c>usageLocation</c> and <c>lines</c> (SKU, licences).
/// </summary>
[RecipeStep("offers")]
public sealed class OffersRecipeStep(OfferService offers, PartnerProfiles partners, ICurrentOrganization currentOrganization, TimeProvider clock) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Offers);

    public sealed record Line(string Sku, int Licences);

    public sealed record Entry(
        string Partner, string QuoteId, OfferKind Kind, string Office, string CreatedBy, string? Customer, string? UsageLocation, List<Line>? Lines,
        bool IncludesDelegatedAdministration, int? RelationshipEndsInDays, int? ExpiresInDays, List<string>? Roles = null, int? RelationshipDays = null, bool AutoExtend = false);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        foreach (var entry in context.Read<Step>().Offers)
        {
            if (QuoteIds.Normalize(entry.QuoteId) is not { } quoteId)
            {
                throw context.Error($"'{entry.QuoteId}' is not a Quote ID (Q-XXX-XXX).");
            }

            if (await offers.FindByQuoteIdAsync(quoteId, cancellationToken) is not null)
            {
                continue;
            }

            var office = await partners.OfficeIdByLocationAsync(entry.Partner, entry.Office, cancellationToken)
                ?? throw context.Error($"'{entry.Partner}' has no office with location ID '{entry.Office}'.");
            var input = new OfferInput
            {
                Kind = entry.Kind,
                QuoteId = quoteId,
                OfficeId = office,
                CustomerId = entry.Customer,
                UsageLocation = entry.UsageLocation,
                Lines = (entry.Lines ?? []).Select(l => new OfferLineInput { SkuCode = l.Sku, Licences = l.Licences }).ToList(),
                IncludesDelegatedAdministration = entry.IncludesDelegatedAdministration,
                RelationshipEndsOn = entry.RelationshipEndsInDays is { } ends ? today.AddDays(ends) : null,
                ExpiresOn = entry.ExpiresInDays is { } expires ? today.AddDays(expires) : null,
                DelegatedRoles = entry.Roles,
                RelationshipDays = entry.RelationshipDays,
                AutoExtend = entry.AutoExtend,
            };

            // The wizard runs as the partner; so does this step, so each check sees what the partner would see.
            using (currentOrganization.RunAs(entry.Partner))
            {
                var result = await offers.CreateAsync(entry.Partner, input, entry.CreatedBy, cancellationToken);
                if (!result.Succeeded)
                {
                    throw context.Error($"Offer {quoteId}: {string.Join(" ", result.Errors.Values)}");
                }
            }
        }
    }
}
