namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// A validation error of an activity's settings: <see cref="Property"/> names the settings property it is about (the
/// editor shows it beside that field), or is empty for the activity as a whole. The message is a sentence.
/// </summary>
public sealed record ActivityError(string Property, string Message)
{
    /// <summary>An error about the activity as a whole.</summary>
    public static ActivityError General(string message) => new(string.Empty, message);

    public override string ToString() => Property.Length == 0 ? Message : $"{Property}: {Message}";
}
