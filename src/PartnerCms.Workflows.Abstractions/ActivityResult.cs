namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// What an activity run decided: the outcomes to follow; to wait (a blocking activity, resumed later by a timer, a signal
/// or an event); or to end this branch here for now without waiting (a join still missing branches), with a note for the
/// journal.
/// </summary>
public sealed record ActivityResult(IReadOnlyList<string> Outcomes, bool Halt = false, string? Note = null)
{
    public static readonly ActivityResult Wait = new([], Halt: true);

    public static ActivityResult Outcome(params string[] outcomes) => new(outcomes);

    /// <summary>The branch that arrived stops here; <paramref name="note"/> says why (the journal's outcome column).</summary>
    public static ActivityResult Hold(string note) => new([], Note: note);
}
