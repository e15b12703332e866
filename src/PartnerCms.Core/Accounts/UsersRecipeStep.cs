using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Accounts;

/// <summary>
/// <c>{ "name": "users", "users": [ { "userName", "displayName", "organization", "roles": [...], "password" } ] }</c>.
/// Upserts by user name. The password is set only when the user is created, so a re-run never undoes a change.
/// Roles the recipe names are added; roles given since are kept.
/// </summary>
[RecipeStep("users")]
public sealed class UsersRecipeStep(
    PartnerCmsDbContext db, UserManager<PartnerCmsUser> userManager, IUserStore<PartnerCmsUser> userStore, RoleCatalog roleCatalog,
    Microsoft.Extensions.Options.IOptions<TwoStepOptions> twoStep, TimeProvider clock) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<UserEntry> Users);

    /// <summary>
    /// <paramref name="AuthenticatorKey"/>: a known authenticator-app key (Base32) for a demo user, set when the user has
    /// none yet and <c>Accounts:Mfa:DemoKeys</c> is on, so a newcomer can sign in with the codes the <c>mfa code</c> command prints.
    /// </summary>
    public sealed record UserEntry(string UserName, string? DisplayName, string Organization, List<string>? Roles, string? Password, DelegatedAccess? DelegatedAccess, string? AuthenticatorKey = null);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var entries = context.Read<Step>().Users;
        var hashes = await HashNewPasswordsAsync(entries, cancellationToken);
        foreach (var entry in entries)
        {
            var organization = await db.Organizations.Include(o => o.Domains).FirstOrDefaultAsync(o => o.Id == entry.Organization, cancellationToken)
                ?? throw context.Error($"user '{entry.UserName}' names organization '{entry.Organization}', which does not exist.");
            var at = entry.UserName.LastIndexOf('@');
            var domain = at > 0 ? OrganizationDomain.Normalize(entry.UserName[(at + 1)..]) : string.Empty;
            if (!organization.Domains.Any(d => d.NormalizedName == domain))
            {
                throw context.Error($"user name '{entry.UserName}' must be an address at one of the domains of '{organization.Id}'.");
            }

            if (entry.DelegatedAccess is not null and not DelegatedAccess.None && organization.Kind != OrganizationKind.Partner)
            {
                throw context.Error($"user '{entry.UserName}': only partner users can have delegated access.");
            }

            foreach (var role in entry.Roles ?? [])
            {
                if (!roleCatalog.IsValidFor(role, organization.Kind))
                {
                    throw context.Error($"role '{role}' of user '{entry.UserName}' is not a role of a {organization.Kind} organization.");
                }
            }

            var user = await userManager.FindByNameAsync(entry.UserName);
            if (user is null)
            {
                if (string.IsNullOrEmpty(entry.Password))
                {
                    throw context.Error($"new user '{entry.UserName}' needs a \"password\".");
                }

                user = new PartnerCmsUser
                {
                    UserName = entry.UserName,
                    Email = entry.UserName,
                    EmailConfirmed = true,
                    OrganizationId = organization.Id,
                    DisplayName = entry.DisplayName ?? entry.UserName,
                    CreatedUtc = clock.GetUtcNow().UtcDateTime,
                    DelegatedAccess = entry.DelegatedAccess ?? DelegatedAccess.None,
                };
                foreach (var validator in userManager.PasswordValidators)
                {
                    Check(context, entry, await validator.ValidateAsync(userManager, user, entry.Password));
                }

                user.PasswordHash = hashes.TryGetValue(entry.UserName, out var hash) ? hash : userManager.PasswordHasher.HashPassword(user, entry.Password);
                Check(context, entry, await userManager.CreateAsync(user));
            }
            else
            {
                if (user.OrganizationId != organization.Id)
                {
                    throw context.Error($"user '{entry.UserName}' belongs to '{user.OrganizationId}', not '{organization.Id}'.");
                }

                user.DisplayName = entry.DisplayName ?? user.DisplayName;
                user.DelegatedAccess = entry.DelegatedAccess ?? user.DelegatedAccess;
                Check(context, entry, await userManager.UpdateAsync(user));
            }

            if (!string.IsNullOrWhiteSpace(entry.AuthenticatorKey) && twoStep.Value.DemoKeys)
            {
                await SetAuthenticatorKeyAsync(context, entry, user, cancellationToken);
            }

            var missing = (entry.Roles ?? []).Select(r => roleCatalog.Find(r)!.Name)
                .Except(await userManager.GetRolesAsync(user), StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (missing.Count > 0)
            {
                Check(context, entry, await userManager.AddToRolesAsync(user, missing));
            }
        }
    }

    /// <summary>
    /// The password hashes of the users the step creates, computed side by side: hashing is slow on purpose (it is most
    /// of the demo recipe's time) and each hash is independent of the others.
    /// </summary>
    private async Task<Dictionary<string, string>> HashNewPasswordsAsync(List<UserEntry> entries, CancellationToken cancellationToken)
    {
        var names = entries.Select(e => userManager.NormalizeName(e.UserName)).ToList();
        var existing = (await userManager.Users.Where(u => names.Contains(u.NormalizedUserName!)).Select(u => u.NormalizedUserName!).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var toHash = entries.Where(e => !string.IsNullOrEmpty(e.Password) && !existing.Contains(userManager.NormalizeName(e.UserName))).ToList();
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var hasher = userManager.PasswordHasher;
        await Parallel.ForEachAsync(toHash, cancellationToken, (entry, _) =>
        {
            hashes[entry.UserName] = hasher.HashPassword(new PartnerCmsUser { UserName = entry.UserName }, entry.Password!);
            return ValueTask.CompletedTask;
        });
        return new Dictionary<string, string>(hashes, StringComparer.Ordinal);
    }

    private async Task SetAuthenticatorKeyAsync(RecipeStepContext context, UserEntry entry, PartnerCmsUser user, CancellationToken cancellationToken)
    {
        var key = entry.AuthenticatorKey!.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (key.Length < 16 || key.Any(c => c is not ((>= 'A' and <= 'Z') or (>= '2' and <= '7'))))
        {
            throw context.Error($"user '{entry.UserName}': \"authenticatorKey\" must be at least 16 Base32 characters (A–Z, 2–7).");
        }

        // Set once: a user who has set up an app of their own (or whose key was reset) keeps what they have.
        if (!string.IsNullOrEmpty(await userManager.GetAuthenticatorKeyAsync(user)) || user.MustSetUpTwoStep)
        {
            return;
        }

        await ((IUserAuthenticatorKeyStore<PartnerCmsUser>)userStore).SetAuthenticatorKeyAsync(user, key, cancellationToken);
        user.TwoFactorEnabled = true;
        user.AuthenticatorKeyFromRecipe = true;
        Check(context, entry, await userManager.UpdateAsync(user));
    }

    private static void Check(RecipeStepContext context, UserEntry entry, IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw context.Error($"user '{entry.UserName}': {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
