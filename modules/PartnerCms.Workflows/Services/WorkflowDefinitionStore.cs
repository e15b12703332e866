using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;

namespace PartnerCms.Workflows.Services;

/// <summary>
/// Where workflows are kept. The definition is a content item (<see cref="WorkflowDefinitionPart"/>) versioned as every
/// edited document is (<see cref="ContentManager"/>): the editor's draft with its revision, a version per publish (immutable,
/// so running instances finish on theirs and a node may keep it parsed), restore. The <see cref="WorkflowType"/> row holds
/// what the runner queries: name, enabled, the published version and the events that start it.
/// </summary>
public sealed class WorkflowDefinitionStore(PartnerCmsDbContext db, ContentManager content, WorkflowValidator validator, WorkflowDefinitionCache definitions, TimeProvider clock)
{
    /// <summary>
    /// Creates a workflow, or publishes a new version of one (running instances keep theirs; an open draft is kept above
    /// it). Null and the errors when the definition does not validate; nothing is saved then.
    /// </summary>
    public async Task<(WorkflowType? Type, IReadOnlyList<string> Errors)> SaveAsync(
        string organizationId, string? workflowTypeId, string name, WorkflowDefinition definition, bool enabled, string by, CancellationToken cancellationToken = default)
    {
        var errors = validator.Validate(definition, organizationId).ToList();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            errors.Insert(0, "Give the workflow a name of at most 200 characters.");
        }

        var type = workflowTypeId is null ? null : await db.Set<WorkflowType>().ForOrganization(organizationId).FirstOrDefaultAsync(t => t.Id == workflowTypeId, cancellationToken);
        if (workflowTypeId is not null && type is null)
        {
            errors.Add("There is no such workflow.");
        }

        var trimmed = name?.Trim() ?? string.Empty;
        if (await NameTakenAsync(organizationId, trimmed, type?.Id, cancellationToken))
        {
            errors.Add($"There is already a workflow named '{trimmed}'.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // The definition's version and the workflow's row are written together, or neither is.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        ContentItem published;
        if (type is null)
        {
            published = NewItem(organizationId, definition, by);
            await content.CreateAsync(published, publish: true, cancellationToken);
            type = new WorkflowType { Id = published.ContentItemId, OrganizationId = organizationId, CreatedUtc = now };
            db.Add(type);
        }
        else
        {
            published = await content.PublishContentAsync(type.Id, Body(definition), by, cancellationToken);
        }

        type.Name = trimmed;
        if (enabled && !type.Enabled)
        {
            type.EnabledUtc = now;
        }

        type.Enabled = enabled;
        Published(type, published.Version, definition, by, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<WorkflowType>(db, nameof(WorkflowType.OrganizationId), nameof(WorkflowType.Name)))
        {
            // Someone took the name at the same moment.
            db.ChangeTracker.Clear();
            return (null, [$"There is already a workflow named '{trimmed}'."]);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return (type, []);
    }

    /// <summary>Whether another workflow of the organization has the name.</summary>
    public Task<bool> NameTakenAsync(string organizationId, string name, string? exceptWorkflowTypeId, CancellationToken cancellationToken = default) =>
        db.Set<WorkflowType>().ForOrganization(organizationId).AnyAsync(t => t.Name == name && t.Id != exceptWorkflowTypeId, cancellationToken);

    /// <summary>A workflow to be drawn in the editor: no version yet, an empty draft.</summary>
    public async Task<WorkflowType> CreateDraftAsync(string organizationId, string name, string by, CancellationToken cancellationToken = default)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var item = NewItem(organizationId, new WorkflowDefinition(), by);
        await content.CreateAsync(item, publish: false, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var type = new WorkflowType { Id = item.ContentItemId, OrganizationId = organizationId, Name = name, CreatedUtc = now, UpdatedUtc = now, UpdatedBy = by };
        db.Add(type);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return type;
    }

    /// <summary>The draft, when there is one, with the revision the next save must name.</summary>
    public async Task<WorkflowDraft> DraftAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        Draft(await content.GetAsync(workflowTypeId, VersionOptions.Latest, cancellationToken));

    /// <summary>
    /// Saves the editor's draft unless someone else saved one since <paramref name="expectedRevision"/>: then nothing is
    /// saved and their draft (with who saved and when) comes back as the conflict.
    /// </summary>
    public async Task<(bool Saved, WorkflowDraft Current)> SaveDraftAsync(WorkflowType type, WorkflowDefinition draft, int expectedRevision, string by, CancellationToken cancellationToken = default)
    {
        var (saved, latest) = await content.SaveDraftAsync(type.Id, Body(draft), expectedRevision, by, cancellationToken);
        return (saved, Draft(latest));
    }

    /// <summary>
    /// Publishes the editor's canvas as the next version, at the revision the editor had: Claimed false (nothing changes)
    /// when someone saved since; Type null and the errors when it does not validate (the draft stays).
    /// </summary>
    public async Task<(bool Claimed, WorkflowType? Type, IReadOnlyList<string> Errors, WorkflowDraft Current)> PublishDraftAsync(
        WorkflowType type, WorkflowDefinition definition, int revision, string by, CancellationToken cancellationToken = default)
    {
        var errors = validator.Validate(definition, type.OrganizationId);
        if (errors.Count > 0)
        {
            return (true, null, errors, await DraftAsync(type.Id, cancellationToken));
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var (published, latest) = await content.PublishDraftAsync(type.Id, Body(definition), revision, by, cancellationToken);
        if (!published)
        {
            return (false, null, [], Draft(latest));
        }

        Published(type, latest.Version, definition, by, clock.GetUtcNow().UtcDateTime);
        db.Update(type);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return (true, type, [], Draft(latest));
    }

    /// <summary>A published version's definition (published versions never change, so each is read and parsed once per node).</summary>
    public async Task<WorkflowDefinition?> DefinitionAsync(string workflowTypeId, int version, CancellationToken cancellationToken = default)
    {
        if (definitions.Find(workflowTypeId, version) is { } cached)
        {
            return cached;
        }

        var item = await content.GetVersionAsync(workflowTypeId, version, cancellationToken);
        return item is { PublishedUtc: not null } ? definitions.Add(workflowTypeId, version, item.Get<WorkflowDefinitionPart>().Definition) : null;
    }

    /// <summary>The published versions, newest first.</summary>
    public async Task<IReadOnlyList<WorkflowVersion>> VersionsAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        (await content.GetPublishedVersionsAsync(workflowTypeId, 200, cancellationToken))
            .Select(v => new WorkflowVersion(v.Version, v.PublishedUtc!.Value, v.Author, v.Get<WorkflowDefinitionPart>().Definition)).ToList();

    private ContentItem NewItem(string organizationId, WorkflowDefinition definition, string by)
    {
        var item = content.New(WorkflowDefinitionPart.ContentType);
        item.OrganizationId = organizationId;
        item.Author = by;
        return item.Apply(new WorkflowDefinitionPart { Definition = definition });
    }

    private static JsonObject Body(WorkflowDefinition definition) =>
        new() { [nameof(WorkflowDefinitionPart)] = JsonSerializer.SerializeToNode(new WorkflowDefinitionPart { Definition = definition }, ContentItem.JsonOptions) };

    private static WorkflowDraft Draft(ContentItem? latest) =>
        latest is null ? new WorkflowDraft(null, 0, null, null)
        : new WorkflowDraft(latest.Published ? null : latest.Get<WorkflowDefinitionPart>().Definition, latest.Revision, latest.Author, latest.ModifiedUtc);

    private static void Published(WorkflowType type, int version, WorkflowDefinition definition, string by, DateTime now)
    {
        type.Version = version;
        type.StartEvents = "," + string.Join(",", definition.Activities.Where(a => a.Start).Select(a => a.Type).Distinct(StringComparer.Ordinal)) + ",";
        type.UpdatedUtc = now;
        type.UpdatedBy = by;
    }
}
