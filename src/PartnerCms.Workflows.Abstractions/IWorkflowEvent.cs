namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// The workflow side of a module's domain event: which organizations' workflows see it (a workflow sees only its own
/// organization's events), its correlation id (offer, relationship…), and what workflows read as <c>event.*</c>.
/// </summary>
public interface IWorkflowEvent<in TEvent> where TEvent : notnull
{
    /// <summary>The event activity's type name, e.g. "OfferAccepted".</summary>
    string Type { get; }

    IEnumerable<string?> OrganizationsOf(TEvent domainEvent);

    string CorrelationOf(TEvent domainEvent);

    /// <summary>The payload as the plain values Liquid reads (names in camelCase, lists, numbers, text).</summary>
    IReadOnlyDictionary<string, object?> InputOf(TEvent domainEvent);
}
