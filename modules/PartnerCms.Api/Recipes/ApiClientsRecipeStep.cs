using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Models;
using PartnerCms.Core.Data;
using PartnerCms.Core.Recipes;

namespace PartnerCms.Api.Recipes;

/// <summary>
/// <c>{ "name": "api-clients", "clients": [ { "organization": "id", "name": "Demo CRM", "clientId": "…", "secret": "…",
/// "scopes": ["offers.read"], "days": 365 } ] }</c>: registers API clients with a known secret (a demo's curl walk). A
/// client that exists already is left as it is.
/// </summary>
[RecipeStep("api-clients")]
public sealed class ApiClientsRecipeStep(PartnerCmsDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Clients);

    public sealed record Entry(string Organization, string Name, string ClientId, string Secret, List<string> Scopes, int Days = 365);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Clients)
        {
            if (!await db.Organizations.AnyAsync(o => o.Id == entry.Organization, cancellationToken))
            {
                throw context.Error($"There is no organization '{entry.Organization}'.");
            }

            if (entry.Scopes.FirstOrDefault(s => !ApiScopes.All.Contains(s, StringComparer.Ordinal)) is { } unknown)
            {
                throw context.Error($"'{unknown}' is not an API scope.");
            }

            if (entry.Secret.Length < 24 || entry.ClientId.Length is 0 or > 64)
            {
                throw context.Error($"Client {entry.Name}: give a client id of at most 64 characters and a secret of at least 24.");
            }

            if (await applications.FindByClientIdAsync(entry.ClientId, cancellationToken) is not null)
            {
                continue;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            await Services.ApiClientService.RegisterAsync(db, applications, new ApiClient
            {
                Id = entry.ClientId,
                OrganizationId = entry.Organization,
                Name = entry.Name,
                Scopes = string.Join(' ', ApiScopes.All.Where(entry.Scopes.Contains)),
                CreatedUtc = now,
                CreatedBy = "recipe",
                ExpiresUtc = now.AddDays(entry.Days),
            }, entry.Secret, cancellationToken);
        }
    }
}
