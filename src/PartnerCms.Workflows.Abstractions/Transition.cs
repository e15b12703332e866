namespace PartnerCms.Workflows.Abstractions;

/// <summary>From an activity's outcome to the next activity.</summary>
public sealed class Transition
{
    public string From { get; set => field = value ?? string.Empty; } = string.Empty;

    public string Outcome { get; set => field = value ?? string.Empty; } = string.Empty;

    public string To { get; set => field = value ?? string.Empty; } = string.Empty;
}
