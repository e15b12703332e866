
namespace PartnerCms.Core.Events;

/// <summary>
/// While a handler runs: when the event it handles was raised (a workflow starts only for events raised after it was
/// enabled) and how deep in a chain of handler-raised events it is (<see cref="OutboxMessage.Depth"/>).
/// </summary>
public static class DeliveredEvent
{
    private static readonly AsyncLocal<(DateTime RaisedUtc, int Depth)?> Current = new();

    public static DateTime? RaisedUtc => Current.Value?.RaisedUtc;

    /// <summary>The delivered event's depth; null outside a handler.</summary>
    public static int? Depth => Current.Value?.Depth;

    public static IDisposable Enter(DateTime raisedUtc, int depth = 0)
    {
        var before = Current.Value;
        Current.Value = (raisedUtc, depth);
        return new Restore(before);
    }

    private sealed class Restore((DateTime, int)? before) : IDisposable
    {
        public void Dispose() => Current.Value = before;
    }
}
