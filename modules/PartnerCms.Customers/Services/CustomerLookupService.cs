using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Validation;
using PartnerCms.Delegation.Services;
using PartnerCms.Directory.Services;

namespace PartnerCms.Customers.Services;

public enum LookupOutcome
{
    Found,
    NotFound,
    Invalid,
}

/// <summary>A customer found; <paramref name="RelationshipNote"/>: where a delegated-administration offer to it stands (offered, declined by whom and when), when not active.</summary>
public sealed record CustomerMatch(Organization Customer, bool IsDelegatedAdministrator, string? RelationshipNote = null);

public sealed record LookupResult(LookupOutcome Outcome, string Query, string? Message, CustomerMatch? Match);

/// <summary>
/// R2–R3: finds a customer by its complete user name or domain name — exact, case-insensitive, no wildcards. A partner
/// that is the customer's delegated administrator finds it by any of its domains; others only by its primary domain
/// or a user name. Partner and platform organizations are never returned.
/// </summary>
public sealed class CustomerLookupService(PartnerCmsDbContext db, ILookupNormalizer normalizer, DelegatedRelationshipService relationships)
{
    public const int MaxQueryLength = 254;

    public const string WildcardMessage =
        "Wildcards are not supported. Enter the complete user name (someone@contoso.com) or the complete domain name (contoso.com).";

    private static readonly EmailAddressStrictAttribute UserName = new();

    public async Task<LookupResult> LookupAsync(string partnerOrganizationId, string? query, CancellationToken cancellationToken = default)
    {
        var q = (query ?? string.Empty).Trim();
        if (q.Length == 0)
        {
            return Invalid(q, "Enter the complete user name (someone@contoso.com) or domain name (contoso.com) to search for.");
        }

        if (q.Length > MaxQueryLength)
        {
            return Invalid(q[..40] + "…", $"That is longer than any user name or domain name ({MaxQueryLength} characters at most).");
        }

        if (q.IndexOfAny(['*', '?', '%']) >= 0)
        {
            return Invalid(q, WildcardMessage);
        }

        string? organizationId;
        bool? delegated = null;
        if (q.Contains('@'))
        {
            if (!UserName.IsValid(q))
            {
                return Invalid(q, "That is not a complete user name. A user name looks like someone@contoso.com.");
            }

            var normalized = normalizer.NormalizeName(q);
            organizationId = await db.Users.AcrossOrganizations("R2: a partner finds a customer by one of its users' exact user name").AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => u.OrganizationId).FirstOrDefaultAsync(cancellationToken);
        }
        else
        {
            var normalized = OrganizationDomain.Normalize(q);
            if (!DomainService.IsDomainName(normalized))
            {
                return Invalid(q, "That is not a complete domain name. A domain name looks like contoso.com.");
            }

            var domain = await db.OrganizationDomains.AcrossOrganizations("R2, R3: a partner finds a customer by its exact domain").AsNoTracking().Where(d => d.NormalizedName == normalized)
                .Select(d => new { d.OrganizationId, d.IsPrimary }).FirstOrDefaultAsync(cancellationToken);
            if (domain is not null && !domain.IsPrimary)
            {
                // R3: only the customer's delegated administrator finds it by a non-primary domain.
                delegated = await relationships.IsDelegatedAdministratorAsync(partnerOrganizationId, domain.OrganizationId, cancellationToken);
            }

            organizationId = domain is null || delegated == false ? null : domain.OrganizationId;
        }

        var customer = organizationId is null
            ? null
            : await db.Organizations.AcrossOrganizations("R4: the customer a lookup matched").AsNoTracking().Include(o => o.Domains)
                .FirstOrDefaultAsync(o => o.Id == organizationId && o.Kind == OrganizationKind.Customer, cancellationToken);
        if (customer is null)
        {
            return new LookupResult(LookupOutcome.NotFound, q, $"No customer matches {q}. The name must be complete and exact.", null);
        }

        delegated ??= await relationships.IsDelegatedAdministratorAsync(partnerOrganizationId, customer.Id, cancellationToken);
        var note = delegated.Value ? null : await relationships.PendingOrDeclinedAsync(partnerOrganizationId, customer.Id, cancellationToken) switch
        {
            { Status: PartnerCms.Delegation.Models.RelationshipStatus.Declined } declined =>
                $"The customer declined your delegated-administration offer ({declined.By}, {declined.When:yyyy-MM-dd HH:mm} UTC). You can send this customer offers.",
            { Status: PartnerCms.Delegation.Models.RelationshipStatus.Offered } offered =>
                $"You offered delegated administration on {offered.When:yyyy-MM-dd}; the customer has not answered yet.",
            _ => null,
        };
        return new LookupResult(LookupOutcome.Found, q, null, new CustomerMatch(customer, delegated.Value, note));
    }

    /// <summary>A customer this partner administers (actions on a customer need it); null otherwise.</summary>
    public async Task<Organization?> DelegatedCustomerAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default)
    {
        if (!await relationships.IsDelegatedAdministratorAsync(partnerOrganizationId, customerOrganizationId, cancellationToken))
        {
            return null;
        }

        return await db.Organizations.AcrossOrganizations("a customer that made this partner its delegated administrator").AsNoTracking().Include(o => o.Domains)
            .FirstOrDefaultAsync(o => o.Id == customerOrganizationId && o.Kind == OrganizationKind.Customer, cancellationToken);
    }

    private static LookupResult Invalid(string query, string message) => new(LookupOutcome.Invalid, query, message, null);
}
