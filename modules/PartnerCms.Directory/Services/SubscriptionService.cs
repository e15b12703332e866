using Microsoft.EntityFrameworkCore;
using PartnerCms.Catalog.Models;
using PartnerCms.Catalog.Services;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Directory.Models;

namespace PartnerCms.Directory.Services;

public sealed record SubscriptionResult(bool Succeeded, string? Error, Subscription? Subscription = null)
{
    public static SubscriptionResult Fail(string error) => new(false, error);
}

/// <summary>An organization's subscriptions: the seed's Manage (licence counts, cancel) and Purchase areas.</summary>
public sealed class SubscriptionService(PartnerCmsDbContext db, CatalogService catalog, TimeProvider clock)
{
    public async Task<IReadOnlyList<Subscription>> ListAsync(string organizationId, CancellationToken cancellationToken = default) =>
        await db.Set<Subscription>().AsNoTracking().ForOrganization(organizationId)
            .OrderBy(s => s.Status).ThenBy(s => s.SkuName)
            .ToListAsync(cancellationToken);

    /// <summary>Whether the organization has ever had a subscription of this SKU (a trial is taken once, ever).</summary>
    public Task<bool> HasEverHadAsync(string organizationId, string skuCode, CancellationToken cancellationToken = default) =>
        db.Set<Subscription>().ForOrganization(organizationId).AnyAsync(s => s.SkuCode == skuCode, cancellationToken);

    /// <summary>The organization's active subscriptions bought through one partner (its advisor).</summary>
    public Task<List<Subscription>> ActiveThroughAdvisorAsync(string organizationId, string advisorOrganizationId, CancellationToken cancellationToken = default) =>
        db.Set<Subscription>().ForOrganization(organizationId).AsNoTracking()
            .Where(s => s.AdvisorOrganizationId == advisorOrganizationId && s.Status == SubscriptionStatus.Active)
            .ToListAsync(cancellationToken);

    public Task<Subscription?> FindAsync(string organizationId, string id, CancellationToken cancellationToken = default) =>
        db.Set<Subscription>().AsNoTracking().ForOrganization(organizationId).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<SubscriptionResult> ChangeLicencesAsync(string organizationId, string id, int licences, int basedOnVersion, CancellationToken cancellationToken = default)
    {
        var subscription = await Tracked(organizationId, id, cancellationToken);
        if (subscription is null)
        {
            return SubscriptionResult.Fail("The subscription does not exist.");
        }

        if (subscription.Status != SubscriptionStatus.Active)
        {
            return SubscriptionResult.Fail("This subscription is cancelled: its licences cannot change.");
        }

        if (subscription.IsTrial)
        {
            return SubscriptionResult.Fail("A trial has a fixed number of licences. Buy the subscription to choose how many.");
        }

        var sku = await catalog.FindAsync(subscription.SkuCode, cancellationToken);
        var error = LicenceError(licences, sku?.MaxLicences ?? DirectoryRules.MaxLicences);
        if (error is not null)
        {
            return SubscriptionResult.Fail(error);
        }

        subscription.LicenceCount = licences;
        return await SaveAsync(subscription, basedOnVersion, cancellationToken);
    }

    public async Task<SubscriptionResult> CancelAsync(string organizationId, string id, int basedOnVersion, CancellationToken cancellationToken = default)
    {
        var subscription = await Tracked(organizationId, id, cancellationToken);
        if (subscription is null)
        {
            return SubscriptionResult.Fail("The subscription does not exist.");
        }

        if (subscription.Status == SubscriptionStatus.Cancelled)
        {
            return new SubscriptionResult(true, null, subscription);
        }

        subscription.Status = SubscriptionStatus.Cancelled;
        subscription.CancelledUtc = clock.GetUtcNow().UtcDateTime;
        subscription.EndUtc = subscription.CancelledUtc;
        return await SaveAsync(subscription, basedOnVersion, cancellationToken);
    }

    /// <summary>Buys a paid SKU that the catalog offers in the organization's usage location.</summary>
    public async Task<SubscriptionResult> PurchaseAsync(Organization organization, string skuCode, int licences, string? advisorOrganizationId = null, CancellationToken cancellationToken = default)
    {
        var sku = await catalog.FindAsync(skuCode ?? string.Empty, cancellationToken);
        if (sku is null || sku.IsTrial)
        {
            return SubscriptionResult.Fail("Choose a subscription from the catalog.");
        }

        if (!CatalogService.IsAvailableIn(sku, organization.CountryOrRegion))
        {
            return SubscriptionResult.Fail($"{sku.Name} is not offered in your usage location.");
        }

        var error = LicenceError(licences, sku.MaxLicences);
        if (error is not null)
        {
            return SubscriptionResult.Fail(error);
        }

        return await AddAsync(organization.Id, sku, licences, advisorOrganizationId, cancellationToken);
    }

    /// <summary>
    /// Adds an active subscription. An organization holds at most one active subscription per SKU (a unique index
    /// enforces it, so a double submit or a race creates one).
    /// </summary>
    public async Task<SubscriptionResult> AddAsync(string organizationId, Sku sku, int licences, string? advisorOrganizationId, CancellationToken cancellationToken)
    {
        if (await db.Set<Subscription>().ForOrganization(organizationId).AnyAsync(s => s.SkuCode == sku.Code && s.Status == SubscriptionStatus.Active, cancellationToken))
        {
            return SubscriptionResult.Fail($"You already have {sku.Name}. Change its number of licences under Manage subscriptions.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = new Subscription
        {
            Id = IdGenerator.New(),
            OrganizationId = organizationId,
            SkuCode = sku.Code,
            SkuName = sku.Name,
            LicenceCount = licences,
            IsTrial = sku.IsTrial,
            StartUtc = now,
            EndUtc = sku.IsTrial ? now.AddDays(sku.TrialDays ?? 30) : null,
            AdvisorOrganizationId = advisorOrganizationId,
            Status = SubscriptionStatus.Active,
        };
        db.Add(subscription);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new SubscriptionResult(true, null, subscription);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<Subscription>(db, nameof(Subscription.OrganizationId), nameof(Subscription.SkuCode)))
        {
            db.ChangeTracker.Clear();
            return SubscriptionResult.Fail($"You already have {sku.Name}. Change its number of licences under Manage subscriptions.");
        }
    }

    public static string? LicenceError(int licences, int max) =>
        licences < 1 ? "Enter at least 1 licence."
        : licences > max ? $"Enter at most {max:N0} licences."
        : null;

    private Task<Subscription?> Tracked(string organizationId, string id, CancellationToken cancellationToken) =>
        db.Set<Subscription>().ForOrganization(organizationId).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    private async Task<SubscriptionResult> SaveAsync(Subscription subscription, int basedOnVersion, CancellationToken cancellationToken)
    {
        db.Entry(subscription).Property(s => s.Version).OriginalValue = basedOnVersion;
        subscription.Version = basedOnVersion + 1;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new SubscriptionResult(true, null, subscription);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return SubscriptionResult.Fail("Someone else changed this subscription at the same time. Nothing was changed: look again and retry.");
        }
    }
}
