using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;

namespace PartnerCms.Workflows.Services;

/// <summary>
/// Where workflows are kept: a workflow's versions (each immutable once saved; running instances finish on theirs), the
/// editor's draft with its revision, and the parsed definition of a version (read once per node).
/// </summary>
public sealed class WorkflowDefinitionStore(PartnerCmsDbContext db, WorkflowValidator validator, WorkflowDefinitionCache definitions, TimeProvider clock)
{
    /// <summary>
    /// Creates a workflow, or saves a new version of one (running instances keep theirs). Null and the errors when the
    /// definition does not validate; nothing is saved then.
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

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (type is null)
        {
            type = new WorkflowType { Id = IdGenerator.New(), OrganizationId = organizationId, CreatedUtc = now };
            db.Add(type);
        }

        type.Name = name.Trim();
        if (enabled && !type.Enabled)
        {
            type.EnabledUtc = now;
        }

        type.Enabled = enabled;
        type.Version++;
        type.UpdatedUtc = now;
        type.UpdatedBy = by;
        db.Add(new WorkflowTypeVersion
        {
            OrganizationId = organizationId,
            WorkflowTypeId = type.Id,
            Version = type.Version,
            Definition = JsonSerializer.Serialize(definition, WorkflowJson.Options),
            StartEvents = "," + string.Join(",", definition.Activities.Where(a => a.Start).Select(a => a.Type).Distinct(StringComparer.Ordinal)) + ",",
            CreatedUtc = now,
            CreatedBy = by,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (type, []);
    }

    /// <summary>A version's definition (versions never change, so each is read and parsed once per node).</summary>
    public async Task<WorkflowDefinition?> DefinitionAsync(string workflowTypeId, int version, CancellationToken cancellationToken = default)
    {
        if (definitions.Find(workflowTypeId, version) is { } cached)
        {
            return cached;
        }

        var json = await db.Set<WorkflowTypeVersion>().AsNoTracking().Where(v => v.WorkflowTypeId == workflowTypeId && v.Version == version).Select(v => v.Definition).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : definitions.Add(workflowTypeId, version, JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options)!);
    }

    /// <summary>
    /// Saves the editor's draft unless someone else saved one since <paramref name="expectedRevision"/>: then nothing is
    /// saved and the type (with who saved and when) comes back as the conflict.
    /// </summary>
    public async Task<(bool Saved, WorkflowType Type)> SaveDraftAsync(WorkflowType type, WorkflowDefinition draft, int expectedRevision, string by, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var json = JsonSerializer.Serialize(draft, WorkflowJson.Options);
        var saved = await db.Set<WorkflowType>().Where(t => t.Id == type.Id && t.DraftRevision == expectedRevision)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Draft, json).SetProperty(t => t.DraftRevision, expectedRevision + 1)
                .SetProperty(t => t.DraftSavedUtc, now).SetProperty(t => t.DraftSavedBy, by), cancellationToken);
        var current = await db.Set<WorkflowType>().AsNoTracking().FirstAsync(t => t.Id == type.Id, cancellationToken);
        return (saved == 1, current);
    }

    /// <summary>
    /// Publishes the editor's draft as a new version, in one transaction: the draft is claimed at the revision the editor
    /// had (null when someone saved another since — nothing changes then), then saved as a version or, when it does not
    /// validate, nothing is saved and the draft stays.
    /// </summary>
    public async Task<(bool Claimed, WorkflowType? Type, IReadOnlyList<string> Errors)> PublishDraftAsync(WorkflowType type, WorkflowDefinition definition, int revision, string by, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Set<WorkflowType>().Where(t => t.Id == type.Id && t.DraftRevision == revision)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Draft, (string?)null).SetProperty(t => t.DraftRevision, revision + 1), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (false, null, []);
        }

        db.ChangeTracker.Clear();
        var (saved, errors) = await SaveAsync(type.OrganizationId, type.Id, type.Name, definition, type.Enabled, by, cancellationToken);
        if (saved is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (true, null, errors);
        }

        await transaction.CommitAsync(cancellationToken);
        return (true, saved, []);
    }
}
