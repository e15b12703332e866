using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Validation;
using PartnerCms.Partners.Models;

namespace PartnerCms.Partners.Services;

public sealed record OfficeSummary(string ContentItemId, string Name, string LocationId, string City, string CountryOrRegion, bool Retired);

public enum OfficeSaveOutcome
{
    Saved,
    NotFound,
    LocationIdTaken,
    Conflict,
}

/// <summary>The caller's organization's offices, stored as versioned content items and queried through <see cref="OfficeIndex"/>.</summary>
public sealed class OfficeService(PartnerCmsDbContext db, ContentManager contentManager)
{
    public async Task<IReadOnlyList<OfficeSummary>> ListAsync(bool includeRetired, CancellationToken cancellationToken = default) =>
        await db.Set<OfficeIndex>().AsNoTracking()
            .Where(o => includeRetired || !o.Retired)
            .OrderBy(o => o.Retired).ThenBy(o => o.Name)
            .Select(o => new OfficeSummary(o.ContentItemId, o.Name, o.LocationId, o.City, o.CountryOrRegion, o.Retired))
            .ToListAsync(cancellationToken);

    public async Task<ContentItem?> GetAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        var item = await contentManager.GetAsync(contentItemId, VersionOptions.Latest, cancellationToken);
        return item?.ContentType == OfficePart.ContentType ? item : null;
    }

    public async Task<(OfficeSaveOutcome Outcome, string? ContentItemId)> CreateAsync(OfficeInput input, string? author, string? organizationId = null, CancellationToken cancellationToken = default)
    {
        ObjectValidation.Trimmed(input);
        var item = contentManager.New(OfficePart.ContentType);
        if (organizationId is not null)
        {
            item.OrganizationId = organizationId;
        }

        if (await LocationIdTakenAsync(item.OrganizationId, input.LocationId, null, cancellationToken))
        {
            return (OfficeSaveOutcome.LocationIdTaken, null);
        }

        item.OwnerId = author;
        item.Author = author;
        item.DisplayText = input.Name;
        item.Apply(ToPart(input, retired: false));
        return await SaveAsync(() => contentManager.CreateAsync(item, publish: true, cancellationToken), item);
    }

    public async Task<(OfficeSaveOutcome Outcome, string? ContentItemId)> UpdateAsync(string contentItemId, OfficeInput input, int basedOnVersion, string? author, CancellationToken cancellationToken = default)
    {
        ObjectValidation.Trimmed(input);
        var item = await GetAsync(contentItemId, cancellationToken);
        if (item is null)
        {
            return (OfficeSaveOutcome.NotFound, null);
        }

        if (item.Version != basedOnVersion)
        {
            return (OfficeSaveOutcome.Conflict, contentItemId);
        }

        if (await LocationIdTakenAsync(item.OrganizationId, input.LocationId, contentItemId, cancellationToken))
        {
            return (OfficeSaveOutcome.LocationIdTaken, contentItemId);
        }

        var before = item.Get<OfficePart>();
        var after = ToPart(input, before.Retired);
        if (ContentItem.SameJson(before, after))
        {
            // Saving an unchanged form (or re-running a recipe) adds no version.
            return (OfficeSaveOutcome.Saved, contentItemId);
        }

        item.Author = author;
        item.DisplayText = after.Name;
        item.Apply(after);
        return await SaveAsync(() => contentManager.UpdateAsync(item, cancellationToken), item);
    }

    public async Task<OfficeSaveOutcome> SetRetiredAsync(string contentItemId, bool retired, string? author, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(contentItemId, cancellationToken);
        if (item is null)
        {
            return OfficeSaveOutcome.NotFound;
        }

        if (item.Get<OfficePart>().Retired == retired)
        {
            return OfficeSaveOutcome.Saved;
        }

        item.Author = author;
        item.Alter<OfficePart>(o => o.Retired = retired);
        return (await SaveAsync(() => contentManager.UpdateAsync(item, cancellationToken), item)).Outcome;
    }

    /// <summary>Finds an office by location ID in a given organization (recipes upsert by it).</summary>
    internal Task<string?> FindByLocationIdAsync(string organizationId, string locationId, CancellationToken cancellationToken) =>
        db.Set<OfficeIndex>().ForOrganization(organizationId)
            .Where(o => o.NormalizedLocationId == OfficeIndex.Normalize(locationId))
            .Select(o => o.ContentItemId)
            .FirstOrDefaultAsync(cancellationToken);

    private Task<bool> LocationIdTakenAsync(string organizationId, string locationId, string? exceptContentItemId, CancellationToken cancellationToken)
    {
        var normalized = OfficeIndex.Normalize(locationId);
        return db.Set<OfficeIndex>().ForOrganization(organizationId).AnyAsync(
            o => o.NormalizedLocationId == normalized && o.ContentItemId != exceptContentItemId,
            cancellationToken);
    }

    private static OfficePart ToPart(OfficeInput input, bool retired) =>
        new()
        {
            Name = input.Name,
            LocationId = input.LocationId,
            Address = input.Address.Normalized(),
            Phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone,
            Retired = retired,
        };

    private async Task<(OfficeSaveOutcome Outcome, string? ContentItemId)> SaveAsync(Func<Task> save, ContentItem item)
    {
        try
        {
            await save();
            return (OfficeSaveOutcome.Saved, item.ContentItemId);
        }
        catch (ContentConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (OfficeSaveOutcome.Conflict, item.ContentItemId);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<OfficeIndex>(db, nameof(OfficeIndex.OrganizationId), nameof(OfficeIndex.NormalizedLocationId)))
        {
            // Another administrator took the same location ID at the same moment; the unique index refused ours.
            db.ChangeTracker.Clear();
            return (OfficeSaveOutcome.LocationIdTaken, item.ContentItemId);
        }
    }
}
