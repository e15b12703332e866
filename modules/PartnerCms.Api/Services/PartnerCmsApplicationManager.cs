using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;
using PartnerCms.Api.Models;
using PartnerCms.Core.Data;

namespace PartnerCms.Api.Services;

/// <summary>
/// OpenIddict's application manager, extended at its own secret check: after a rotation, the previous secret (its hash
/// kept on the <see cref="ApiClient"/>) is accepted until it expires, so a partner can roll the new secret out without
/// an outage. Everything else is OpenIddict's.
/// </summary>
public sealed class PartnerCmsApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    PartnerCmsDbContext db,
    TimeProvider clock)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override async ValueTask<bool> ValidateClientSecretAsync(OpenIddictEntityFrameworkCoreApplication application, string secret, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateClientSecretAsync(application, secret, cancellationToken))
        {
            return true;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var previous = await db.Set<ApiClient>().AcrossOrganizations("a token request names its client, not an organization")
            .Where(c => c.Id == application.ClientId && c.RevokedUtc == null && c.PreviousSecretExpiresUtc > now)
            .Select(c => c.PreviousSecretHash).FirstOrDefaultAsync(cancellationToken);
        return previous is not null && await ValidateClientSecretAsync(secret, previous, cancellationToken);
    }
}
