using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Organizations;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace PartnerCms.Workflows.Services;

/// <summary>
/// Runs workflows. Events (delivered from the outbox, never in a user's request) start new instances of the enabled
/// workflows of the event's organization and resume the halted instances waiting for that event with the same
/// correlation id; timers and signal links resume the instances waiting in them; a person retries or cancels a run. The
/// runner owns the transaction of a run: it joins the caller's when there is one (the outbox handler's, with its
/// processed-event row, so a delivered event advances an instance once) and opens its own otherwise. An instance changed
/// meanwhile by another node fails the transaction (its revision) to be retried.
/// </summary>
public sealed class WorkflowRunner(
    PartnerCmsDbContext db,
    ActivityCatalog catalog,
    WorkflowDefinitionStore store,
    LiquidTemplateService liquid,
    ICurrentOrganization currentOrganization,
    IWorkflowSignalLinks signalLinks,
    TimeProvider clock,
    ILogger<WorkflowRunner> logger) : IWorkflowEventSink
{
    public const string TimerJobKind = "workflow-timer";

    /// <summary>Steps one run may take before the instance is faulted (a loop between activities).</summary>
    public const int MaxStepsPerRun = 200;

    /// <summary>
    /// The longest chain of events caused by handlers (a workflow whose step raises an event that starts or resumes a
    /// workflow, and so on) that still runs workflows: a longer one is two workflows feeding each other, and the run it
    /// would start or resume is faulted instead, with the reason in its journal (Retry runs it anyway).
    /// </summary>
    public const int MaxEventChain = 16;

    /// <summary>
    /// An event happened in the organization: resumes its halted instances waiting for it (same correlation id) and
    /// starts its enabled workflows that start with it. Returns how many instances ran.
    /// </summary>
    public Task<int> TriggerAsync(string eventType, string organizationId, string correlationId, IReadOnlyDictionary<string, object?> input, CancellationToken cancellationToken = default) =>
        InTransactionAsync(() => TriggerInTransactionAsync(eventType, organizationId, correlationId, input, cancellationToken), cancellationToken);

    private async Task<int> TriggerInTransactionAsync(string eventType, string organizationId, string correlationId, IReadOnlyDictionary<string, object?> input, CancellationToken cancellationToken)
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
            .Where(t => t.Enabled && (raised == null || t.EnabledUtc == null || t.EnabledUtc <= raised) && t.Version > 0 && t.StartEvents.Contains(marker))
            .Select(t => new { t.Id, t.Version, t.Name })
            .ToListAsync(cancellationToken);
        foreach (var version in starting)
        {
            var definition = await store.DefinitionAsync(version.Id, version.Version, cancellationToken)
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
    public Task<bool> ResumeAsync(string instanceId, string activityId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(() => ResumeInTransactionAsync(instanceId, activityId, cancellationToken), cancellationToken);

    private async Task<bool> ResumeInTransactionAsync(string instanceId, string activityId, CancellationToken cancellationToken)
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
    public Task<bool> RetryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(() => RetryInTransactionAsync(instanceId, cancellationToken), cancellationToken);

    private async Task<bool> RetryInTransactionAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await db.Set<WorkflowInstance>().FirstOrDefaultAsync(i => i.Id == instanceId && i.Status == WorkflowStatus.Faulted, cancellationToken);
        var failed = instance is null ? null : WorkflowJournal.Read(instance).LastOrDefault(j => j.Error != null)?.ActivityId;
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

        return (WorkflowJournal.Read(instance), instance.Status, instance.Fault);
    }

    /// <summary>The journal of an instance, in order.</summary>
    public async Task<List<WorkflowJournalEntry>> JournalAsync(string instanceId, CancellationToken cancellationToken = default) =>
        WorkflowJournal.Read(await db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken));

    private readonly record struct Step(string ActivityId, bool Arrived, string? From = null);

    private async Task RunAsync(
        WorkflowInstance instance, string name, WorkflowDefinition definition, WorkflowState state, IEnumerable<Step> first,
        IReadOnlyDictionary<string, object?> input, bool dryRun, CancellationToken cancellationToken)
    {
        var journal = WorkflowJournal.Read(instance);
        var sequence = journal.Count == 0 ? 0 : journal[^1].Sequence;
        var firstNew = journal.Count;
        var queue = new Queue<Step>(first);
        var steps = 0;
        var runCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        // The signal activities whose links {{ signals.id }} may print: once per run, not per step.
        var signals = definition.Activities.Where(a => a.Type == signalLinks.SignalActivityType).Select(a => a.Id).ToList();
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

            if (activity.IsEvent && !step.Arrived)
            {
                // Reached inside a run: wait for the event, with this instance's correlation id.
                state.Blocking.Add(node.Id);
                entry.Outcome = "Waiting for the event";
                continue;
            }

            var run = new WorkflowRun(instance.Id, instance.WorkflowTypeId, name, instance.CorrelationId, instance.OrganizationId);
            var context = new ActivityContext(run, node.Id, definition, state, input, liquid, dryRun, signalLinks, signals) { RunCounts = runCounts, ArrivedFrom = step.From };
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
                entry.Input = WorkflowJournal.Input(context.Journal);
                entry.Error = Shorten($"{ex.GetType().Name}: {ex.Message}", 2000);
                logger.LogWarning(ex, "Workflow instance {Instance}: activity {Activity} failed.", instance.Id, node.Id);
                Fault(instance, $"{node.Id}: {entry.Error}");
                break;
            }

            entry.DurationMs = (int)watch.ElapsedMilliseconds;
            entry.Input = WorkflowJournal.Input(context.Journal);
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

            if (result is { Halt: false, Outcomes.Count: 0, Note: { } note })
            {
                // The branch ends here for now (a join waiting for its other branches).
                entry.Outcome = note;
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
        WorkflowJournal.Trim(journal);
        instance.ActiveMs += journal.Skip(Math.Min(firstNew, journal.Count)).Sum(j => (long)j.DurationMs);
        instance.Journal = WorkflowJournal.Write(journal);
        instance.Steps = sequence;
        if (dryRun)
        {
            return;
        }

        instance.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        instance.Revision++;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<(string Name, WorkflowDefinition Definition)> LoadAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var name = await db.Set<WorkflowType>().Where(t => t.Id == instance.WorkflowTypeId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken) ?? "(deleted workflow)";
        var definition = await store.DefinitionAsync(instance.WorkflowTypeId, instance.Version, cancellationToken)
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

    private static string Shorten(string? text, int length = 60) => WorkflowValidator.Shorten(text, length);

    /// <summary>Runs <paramref name="work"/> in the caller's transaction when there is one, else in one of its own.</summary>
    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}

