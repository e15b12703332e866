using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Jobs;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Workflows;

/// <summary>
/// Runs workflows. Events (delivered from the outbox, never in a user's request) start new instances of the enabled
/// workflows of the event's organization and resume the halted instances waiting for that event with the same
/// correlation id; timers (delayed jobs) resume the instances waiting in them. Each run happens in the caller's
/// transaction — the outbox handler's, with its processed-event row — so a delivered event advances an instance once,
/// and an instance changed meanwhile by another node fails the transaction (its revision) to be retried.
/// </summary>
public sealed partial class WorkflowEngine(
    PartnerCmsDbContext db,
    ActivityCatalog catalog,
    WorkflowDefinitionCache definitions,
    LiquidTemplateService liquid,
    ICurrentOrganization currentOrganization,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<WorkflowEngine> logger)
{
    public const string TimerJobKind = "workflow-timer";

    /// <summary>Steps one run may take before the instance is faulted (a loop between activities).</summary>
    public const int MaxStepsPerRun = 200;

    public const int MaxActivities = 200;

    /// <summary>
    /// The longest chain of events caused by handlers (a workflow whose step raises an event that starts or resumes a
    /// workflow, and so on) that still runs workflows: a longer one is two workflows feeding each other, and the run it
    /// would start or resume is faulted instead, with the reason in its journal (Retry runs it anyway).
    /// </summary>
    public const int MaxEventChain = 16;

    /// <summary>Checks a definition before it is saved: known activity types, valid settings, transitions between existing activities on outcomes they have, at least one start event.</summary>
    public IReadOnlyList<string> Validate(WorkflowDefinition definition, string organizationId)
    {
        var errors = new List<string>();
        if (definition.Activities.Count == 0)
        {
            errors.Add("The workflow has no activities.");
        }

        if (definition.Activities.Count > MaxActivities)
        {
            errors.Add($"A workflow has at most {MaxActivities} activities.");
        }

        var context = new WorkflowValidationContext(liquid, services, organizationId);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in definition.Activities)
        {
            if (!ActivityId().IsMatch(node.Id ?? string.Empty))
            {
                errors.Add($"'{Shorten(node.Id)}' is not an activity id: use 1–64 letters, digits, '-' or '_'.");
                continue;
            }

            if (!ids.Add(node.Id!))
            {
                errors.Add($"Two activities have the id '{node.Id}'.");
            }

            var activity = catalog.Find(node.Type ?? string.Empty);
            if (activity is null)
            {
                errors.Add($"{node.Id}: there is no activity type '{Shorten(node.Type)}' (is its module on?).");
                continue;
            }

            if (node.Start && !activity.IsEvent)
            {
                errors.Add($"{node.Id}: only an event can start a workflow; {activity.DisplayName} is not one.");
            }

            try
            {
                errors.AddRange(activity.Validate(activity.ReadSettings(node.Settings), context).Select(e => $"{node.Id}: {e}"));
            }
            catch (JsonException ex)
            {
                errors.Add($"{node.Id}: the settings do not fit {activity.DisplayName}: {ex.Message}");
            }
        }

        if (!definition.Activities.Any(a => a.Start))
        {
            errors.Add("Mark at least one event activity as the start.");
        }

        foreach (var transition in definition.Transitions)
        {
            var from = definition.Activities.FirstOrDefault(a => a.Id == transition.From);
            if (from is null || !definition.Activities.Any(a => a.Id == transition.To))
            {
                errors.Add($"The transition {Shorten(transition.From)} → {Shorten(transition.To)} joins an activity that does not exist.");
                continue;
            }

            if (catalog.Find(from.Type) is { } activity && !activity.Outcomes.Contains(transition.Outcome, StringComparer.Ordinal))
            {
                errors.Add($"{from.Id} has no outcome '{Shorten(transition.Outcome)}' (it has {string.Join(", ", activity.Outcomes)}).");
            }
        }

        return errors;
    }

    /// <summary>
    /// Creates a workflow, or saves a new version of one (running instances keep theirs). Null and the errors when the
    /// definition does not validate; nothing is saved then.
    /// </summary>
    public async Task<(WorkflowType? Type, IReadOnlyList<string> Errors)> SaveAsync(
        string organizationId, string? workflowTypeId, string name, WorkflowDefinition definition, bool enabled, string by, CancellationToken cancellationToken = default)
    {
        var errors = Validate(definition, organizationId).ToList();
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
    /// An event happened in the organization: resumes its halted instances waiting for it (same correlation id) and
    /// starts its enabled workflows that start with it. Returns how many instances ran.
    /// </summary>
    public async Task<int> TriggerAsync(string eventType, string organizationId, string correlationId, IReadOnlyDictionary<string, object?> input, CancellationToken cancellationToken = default)
    {
        using var scope = currentOrganization.RunAs(organizationId);
        var marker = "," + eventType + ",";
        var ran = 0;

        var waiting = await db.Set<WorkflowInstance>()
            .Where(i => i.Status == WorkflowStatus.Halted && i.CorrelationId == correlationId && i.WaitingFor.Contains(marker))
            .OrderBy(i => i.CreatedUtc).Take(100).ToListAsync(cancellationToken);
        foreach (var instance in waiting)
        {
            var (name, definition) = await LoadAsync(instance, cancellationToken);
            var state = ReadState(instance);
            var arrived = state.Blocking.Where(id => definition.Activities.Any(a => a.Id == id && a.Type == eventType)).ToList();
            state.Blocking.RemoveAll(arrived.Contains);
            state.Event = ToJson(input);
            await RunAsync(instance, name, definition, state, arrived.Select(id => new Step(id, Arrived: true)), input, dryRun: false, cancellationToken);
            ran++;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var raised = DeliveredEvent.RaisedUtc;
        var starting = await db.Set<WorkflowType>().AsNoTracking()
            .Where(t => t.Enabled && (raised == null || t.EnabledUtc == null || t.EnabledUtc <= raised) && db.Set<WorkflowTypeVersion>().Any(v => v.WorkflowTypeId == t.Id && v.Version == t.Version && v.StartEvents.Contains(marker)))
            .Select(t => new { t.Id, t.Version, t.Name })
            .ToListAsync(cancellationToken);
        foreach (var version in starting)
        {
            var definition = await DefinitionAsync(version.Id, version.Version, cancellationToken)
                ?? throw new InvalidOperationException($"Version {version.Version} of workflow {version.Id} is missing.");
            var name = version.Name;
            var instance = new WorkflowInstance
            {
                Id = IdGenerator.New(),
                OrganizationId = organizationId,
                WorkflowTypeId = version.Id,
                Version = version.Version,
                CorrelationId = correlationId,
                Status = WorkflowStatus.Running,
                CreatedUtc = now,
                UpdatedUtc = now,
            };
            db.Add(instance);
            var starts = definition.Activities.Where(a => a.Start && a.Type == eventType).Select(a => new Step(a.Id, Arrived: true));
            await RunAsync(instance, name, definition, new WorkflowState { Event = ToJson(input) }, starts, input, dryRun: false, cancellationToken);
            ran++;
        }

        return ran;
    }

    /// <summary>
    /// A blocking activity of a halted instance is done (a timer came due, a signal link was used): the instance goes on
    /// from its Done outcome. False when the instance no longer waits there (already resumed, cancelled).
    /// </summary>
    public async Task<bool> ResumeTimerAsync(string instanceId, string activityId, CancellationToken cancellationToken = default)
    {
        var organizationId = await db.Set<WorkflowInstance>().AcrossOrganizations("a due timer names only its instance").Where(i => i.Id == instanceId).Select(i => i.OrganizationId).FirstOrDefaultAsync(cancellationToken);
        if (organizationId is null)
        {
            return false;
        }

        using var scope = currentOrganization.RunAs(organizationId);
        var instance = await db.Set<WorkflowInstance>().FirstAsync(i => i.Id == instanceId, cancellationToken);
        var state = ReadState(instance);
        if (instance.Status != WorkflowStatus.Halted || !state.Blocking.Remove(activityId))
        {
            return false;
        }

        var (name, definition) = await LoadAsync(instance, cancellationToken);
        await RunAsync(instance, name, definition, state, [new Step(activityId, Arrived: true)], EventOf(state), dryRun: false, cancellationToken);
        return true;
    }

    /// <summary>
    /// Runs a faulted instance again from the activity that failed (after its cause was fixed), with the variables and
    /// event it had. False when the instance (of the current organization) is not faulted.
    /// </summary>
    public async Task<bool> RetryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await db.Set<WorkflowInstance>().FirstOrDefaultAsync(i => i.Id == instanceId && i.Status == WorkflowStatus.Faulted, cancellationToken);
        var failed = instance is null ? null : ReadJournal(instance).LastOrDefault(j => j.Error != null)?.ActivityId;
        if (instance is null || failed is null)
        {
            return false;
        }

        var (name, definition) = await LoadAsync(instance, cancellationToken);
        if (definition.Activities.All(a => a.Id != failed))
        {
            return false;
        }

        var state = ReadState(instance);
        instance.Fault = null;
        // An event activity that failed had arrived (a run stopped by the event-chain guard): go on from it.
        var arrived = catalog.Find(definition.Activities.First(a => a.Id == failed).Type)?.IsEvent == true;
        await RunAsync(instance, name, definition, state, [new Step(failed, Arrived: arrived)], EventOf(state), dryRun: false, cancellationToken);
        return true;
    }

    /// <summary>Stops a halted instance: it waits for nothing any more (its timers find it cancelled and do nothing).</summary>
    public async Task<bool> CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await db.Set<WorkflowInstance>().FirstOrDefaultAsync(i => i.Id == instanceId && (i.Status == WorkflowStatus.Halted || i.Status == WorkflowStatus.Faulted), cancellationToken);
        if (instance is null)
        {
            return false;
        }

        instance.Status = WorkflowStatus.Cancelled;
        instance.WaitingFor = string.Empty;
        instance.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        instance.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Tries a definition (a draft) on a sample event without doing anything: e-mail, HTTP, role, notification and other
    /// activities record what they would do and do not do it, waits are passed over, and whatever a step wrote to the
    /// database anyway is rolled back. Returns the journal the run would produce.
    /// </summary>
    public async Task<(IReadOnlyList<WorkflowJournalEntry> Journal, WorkflowStatus Status, string? Fault)> DryRunAsync(
        string organizationId, string name, WorkflowDefinition definition, string eventType, IReadOnlyDictionary<string, object?> input, CancellationToken cancellationToken = default)
    {
        using var scope = currentOrganization.RunAs(organizationId);
        var now = clock.GetUtcNow().UtcDateTime;
        var instance = new WorkflowInstance
        {
            Id = "dry-run",
            OrganizationId = organizationId,
            WorkflowTypeId = "dry-run",
            CorrelationId = "dry-run",
            Status = WorkflowStatus.Running,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        var starts = definition.Activities.Where(a => a.Start && a.Type == eventType).Select(a => new Step(a.Id, Arrived: true)).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await RunAsync(instance, name, definition, new WorkflowState { Event = ToJson(input) }, starts, input, dryRun: true, cancellationToken);
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
        }

        return (ReadJournal(instance), instance.Status, instance.Fault);
    }

    /// <summary>The errors of one activity's settings, by field ("" for the activity as a whole); empty when valid.</summary>
    public Dictionary<string, List<string>> ValidateActivity(string organizationId, string type, JsonObject? settings)
    {
        var activity = catalog.Find(type);
        if (activity is null)
        {
            return new(StringComparer.Ordinal) { [string.Empty] = [$"There is no activity type '{Shorten(type)}' (is its module on?)."] };
        }

        try
        {
            var errors = activity.Validate(activity.ReadSettings(settings), new WorkflowValidationContext(liquid, services, organizationId));
            return ActivityFields.ByField(activity.SettingsType, errors);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return new(StringComparer.Ordinal) { [string.Empty] = [$"The settings do not fit {activity.DisplayName}: {ex.Message}"] };
        }
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

    /// <summary>What changed from one definition to another, in words (positions on the canvas aside).</summary>
    public static IReadOnlyList<string> Differences(WorkflowDefinition from, WorkflowDefinition to)
    {
        var changes = new List<string>();
        var before = from.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var after = to.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var added in to.Activities.Where(a => !before.ContainsKey(a.Id)))
        {
            changes.Add($"Added {added.Id} ({added.Type}){(added.Start ? ", a start" : string.Empty)}.");
        }

        foreach (var removed in from.Activities.Where(a => !after.ContainsKey(a.Id)))
        {
            changes.Add($"Removed {removed.Id} ({removed.Type}).");
        }

        foreach (var (id, old) in before)
        {
            if (!after.TryGetValue(id, out var now))
            {
                continue;
            }

            if (old.Type != now.Type)
            {
                changes.Add($"{id}: type {old.Type} → {now.Type}.");
            }

            if (old.Start != now.Start)
            {
                changes.Add(now.Start ? $"{id} now starts the workflow." : $"{id} no longer starts the workflow.");
            }

            var keys = old.Settings.Select(p => p.Key).Union(now.Settings.Select(p => p.Key), StringComparer.Ordinal).Distinct(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var a = old.Settings[key]?.ToJsonString() ?? "(empty)";
                var b = now.Settings[key]?.ToJsonString() ?? "(empty)";
                if (a != b)
                {
                    changes.Add($"{id}: {key} {Shorten(a, 80)} → {Shorten(b, 80)}.");
                }
            }
        }

        static string Key(Transition t) => $"{t.From} —{t.Outcome}→ {t.To}";
        var oldEdges = from.Transitions.Select(Key).ToHashSet(StringComparer.Ordinal);
        var newEdges = to.Transitions.Select(Key).ToHashSet(StringComparer.Ordinal);
        changes.AddRange(newEdges.Where(e => !oldEdges.Contains(e)).Select(e => $"Connected {e}."));
        changes.AddRange(oldEdges.Where(e => !newEdges.Contains(e)).Select(e => $"Disconnected {e}."));
        return changes;
    }

    /// <summary>The journal of an instance, in order.</summary>
    public async Task<List<WorkflowJournalEntry>> JournalAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadJournal(await db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken));

    /// <summary>The most steps a journal keeps; older ones give way (a long-lived instance that loops on events).</summary>
    public const int MaxJournal = 1_000;

    public static List<WorkflowJournalEntry> ReadJournal(WorkflowInstance? instance) =>
        instance is null ? [] : JsonSerializer.Deserialize<List<WorkflowJournalEntry>>(instance.Journal, WorkflowJson.Options) ?? [];

    private readonly record struct Step(string ActivityId, bool Arrived, string? From = null);

    private async Task RunAsync(
        WorkflowInstance instance, string name, WorkflowDefinition definition, WorkflowState state, IEnumerable<Step> first,
        IReadOnlyDictionary<string, object?> input, bool dryRun, CancellationToken cancellationToken)
    {
        var journal = ReadJournal(instance);
        var sequence = journal.Count == 0 ? 0 : journal[^1].Sequence;
        var firstNew = journal.Count;
        var queue = new Queue<Step>(first);
        var steps = 0;
        var runCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        // The signal activities whose links {{ signals.id }} may print: once per run, not per step.
        var signalType = (services.GetService(typeof(IWorkflowSignalLinks)) as IWorkflowSignalLinks)?.SignalActivityType;
        var signals = signalType is null ? null : definition.Activities.Where(a => a.Type == signalType).Select(a => a.Id).ToList();
        instance.Status = WorkflowStatus.Running;
        if (DeliveredEvent.Depth > MaxEventChain && queue.TryPeek(out var chained))
        {
            var error = $"This event is number {DeliveredEvent.Depth + 1} in a chain of events that workflows caused one after the other, so it was not run: do two workflows start each other? Retry runs it anyway.";
            journal.Add(new WorkflowJournalEntry { Sequence = ++sequence, ActivityId = chained.ActivityId, ActivityType = definition.Activities.First(a => a.Id == chained.ActivityId).Type, StartedUtc = clock.GetUtcNow().UtcDateTime, Error = error });
            logger.LogWarning("Workflow instance {Instance} not run: event chain of {Depth}.", instance.Id, DeliveredEvent.Depth + 1);
            Fault(instance, error);
            queue.Clear();
        }

        while (queue.TryDequeue(out var step))
        {
            if (++steps > MaxStepsPerRun)
            {
                Fault(instance, $"The workflow took more than {MaxStepsPerRun} steps in one run and was stopped. Does it loop?");
                break;
            }

            var node = definition.Activities.First(a => a.Id == step.ActivityId);
            var activity = catalog.Find(node.Type);
            var started = clock.GetUtcNow().UtcDateTime;
            var watch = Stopwatch.StartNew();
            var entry = new WorkflowJournalEntry { Sequence = ++sequence, ActivityId = node.Id, ActivityType = node.Type, StartedUtc = started };
            journal.Add(entry);
            if (activity is null)
            {
                entry.Error = $"The activity type '{node.Type}' is not installed (its module is off).";
                Fault(instance, entry.Error);
                break;
            }

            if (activity is Join && JoinWaits(definition, node, state, step.From, (JoinSettings)activity.ReadSettings(node.Settings)) is { } waiting)
            {
                entry.Outcome = waiting;
                continue;
            }

            if (activity.IsEvent && !step.Arrived)
            {
                // Reached inside a run: wait for the event, with this instance's correlation id.
                state.Blocking.Add(node.Id);
                entry.Outcome = "Waiting for the event";
                continue;
            }

            var context = new ActivityContext(instance, node.Id, name, state, input, liquid, services, dryRun, signals) { RunCounts = runCounts };
            ActivityResult result;
            try
            {
                // Arrived: the event it starts with or waited for came, or the blocking activity (a timer) it waited in is done.
                result = step.Arrived
                    ? ActivityResult.Outcome(Outcomes.Done)
                    : await activity.ExecuteAsync(context, activity.ReadSettings(node.Settings), cancellationToken);
                if (activity.IsEvent)
                {
                    context.Journal["event"] = input;
                }
                else if (step.Arrived)
                {
                    context.Journal["resumed"] = clock.GetUtcNow().UtcDateTime;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                entry.DurationMs = (int)watch.ElapsedMilliseconds;
                entry.Input = JournalInput(context.Journal);
                entry.Error = Shorten($"{ex.GetType().Name}: {ex.Message}", 2000);
                logger.LogWarning(ex, "Workflow instance {Instance}: activity {Activity} failed.", instance.Id, node.Id);
                Fault(instance, $"{node.Id}: {entry.Error}");
                break;
            }

            entry.DurationMs = (int)watch.ElapsedMilliseconds;
            entry.Input = JournalInput(context.Journal);
            if (result.Halt && dryRun)
            {
                // A try-out does not wait: it shows where the run would wait and goes on as if the wait were over.
                entry.Outcome = "Would wait here, then Done";
                foreach (var transition in definition.Transitions.Where(t => t.From == node.Id && t.Outcome == Outcomes.Done))
                {
                    queue.Enqueue(new Step(transition.To, Arrived: false, From: node.Id));
                }

                continue;
            }

            if (result.Halt)
            {
                state.Blocking.Add(node.Id);
                entry.Outcome = "Halted";
                continue;
            }

            entry.Outcome = string.Join(", ", result.Outcomes);
            foreach (var outcome in result.Outcomes)
            {
                foreach (var transition in definition.Transitions.Where(t => t.From == node.Id && t.Outcome == outcome))
                {
                    queue.Enqueue(new Step(transition.To, Arrived: false, From: node.Id));
                }
            }
        }

        if (instance.Status == WorkflowStatus.Running)
        {
            instance.Status = state.Blocking.Count > 0 ? WorkflowStatus.Halted : WorkflowStatus.Finished;
        }

        instance.WaitingFor = instance.Status == WorkflowStatus.Halted
            ? "," + string.Join(",", state.Blocking.Select(id => definition.Activities.First(a => a.Id == id).Type).Distinct(StringComparer.Ordinal)) + ","
            : string.Empty;
        instance.State = JsonSerializer.Serialize(state, WorkflowJson.Options);
        if (journal.Count > MaxJournal)
        {
            journal.RemoveRange(0, journal.Count - MaxJournal);
        }

        instance.ActiveMs += journal.Skip(Math.Min(firstNew, journal.Count)).Sum(j => (long)j.DurationMs);
        if (dryRun)
        {
            instance.Journal = JsonSerializer.Serialize(journal, JournalJson);
            instance.Steps = sequence;
            return;
        }

        instance.Journal = JsonSerializer.Serialize(journal, JournalJson);
        instance.Steps = sequence;
        instance.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        instance.Revision++;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records a branch reaching a join; null when the join goes on now, else why it waits.</summary>
    private static string? JoinWaits(WorkflowDefinition definition, ActivityNode node, WorkflowState state, string? from, JoinSettings settings)
    {
        var arrived = state.Joins.TryGetValue(node.Id, out var list) ? list : state.Joins[node.Id] = [];
        if (arrived.Contains("*"))
        {
            return "Already went on (first branch)";
        }

        if (from is not null && !arrived.Contains(from))
        {
            arrived.Add(from);
        }

        var incoming = definition.Transitions.Where(t => t.To == node.Id).Select(t => t.From).Distinct(StringComparer.Ordinal).Count();
        if (settings.Mode == JoinMode.WaitAny)
        {
            state.Joins[node.Id] = ["*"];
            return null;
        }

        if (arrived.Count >= incoming)
        {
            state.Joins.Remove(node.Id);
            return null;
        }

        return $"Waiting for {incoming - arrived.Count} more branch(es)";
    }

    private static readonly JsonSerializerOptions JournalJson = new(WorkflowJson.Options) { WriteIndented = false };

    private async Task<(string Name, WorkflowDefinition Definition)> LoadAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var name = await db.Set<WorkflowType>().Where(t => t.Id == instance.WorkflowTypeId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken) ?? "(deleted workflow)";
        var definition = await DefinitionAsync(instance.WorkflowTypeId, instance.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Version {instance.Version} of workflow {instance.WorkflowTypeId} is missing.");
        return (name, definition);
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, object?> input) =>
        JsonSerializer.SerializeToNode(input, WorkflowJson.Options) as JsonObject ?? [];

    private static IReadOnlyDictionary<string, object?> EventOf(WorkflowState state) =>
        ActivityContext.Plain(state.Event) as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);

    private static WorkflowState ReadState(WorkflowInstance instance) =>
        JsonSerializer.Deserialize<WorkflowState>(instance.State, WorkflowJson.Options) ?? new WorkflowState();

    private static void Fault(WorkflowInstance instance, string error)
    {
        instance.Status = WorkflowStatus.Faulted;
        instance.Fault = Shorten(error, 2000);
    }

    private static string? JournalInput(Dictionary<string, object?> journal) =>
        journal.Count == 0 ? null : Shorten(JsonSerializer.Serialize(journal, WorkflowJson.Options), 8000);

    private static string Shorten(string? text, int length = 60) => text is null ? string.Empty : text.Length <= length ? text : text[..length] + "…";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex ActivityId();
}

/// <summary>
/// Parsed definitions by workflow and version. A version is immutable once saved, so a node may keep it (no invalidation
/// needed across nodes); at most <see cref="Capacity"/> are kept. Callers must not change what they get.
/// </summary>
public sealed class WorkflowDefinitionCache
{
    public const int Capacity = 2_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), WorkflowDefinition> _definitions = new();

    public WorkflowDefinition? Find(string workflowTypeId, int version) => _definitions.GetValueOrDefault((workflowTypeId, version));

    public WorkflowDefinition Add(string workflowTypeId, int version, WorkflowDefinition definition)
    {
        if (_definitions.Count >= Capacity)
        {
            _definitions.Clear();
        }

        return _definitions.GetOrAdd((workflowTypeId, version), definition);
    }
}

/// <summary>Starts and resumes workflows when an event of <typeparamref name="TEvent"/> is delivered, for each organization it belongs to.</summary>
public sealed class WorkflowTrigger<TEvent>(WorkflowEventActivity<TEvent> activity, WorkflowEngine engine) : IEventHandler<TEvent> where TEvent : notnull
{
    public async Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken)
    {
        var input = activity.InputOf(domainEvent);
        var correlation = activity.CorrelationOf(domainEvent);
        foreach (var organizationId in activity.OrganizationsOf(domainEvent).OfType<string>().Where(o => o.Length > 0).Distinct(StringComparer.Ordinal))
        {
            await engine.TriggerAsync(activity.Type, organizationId, correlation, input, cancellationToken);
        }
    }
}

/// <summary>Resumes the instance waiting in a timer when it comes due ("workflow-timer:instance/activity"), once across nodes.</summary>
public sealed class WorkflowTimerJob : IDelayedJobHandler
{
    public string Kind => WorkflowEngine.TimerJobKind;

    public async Task RunAsync(IServiceProvider services, string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0)
        {
            return;
        }

        var db = services.GetRequiredService<PartnerCmsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await services.GetRequiredService<WorkflowEngine>().ResumeTimerAsync(key[..slash], key[(slash + 1)..], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
