namespace PartnerCms.Workflows.Abstractions;

/// <summary>Outcome names are constants: a transition names one, a typo is a validation error, not a dead branch.</summary>
public static class Outcomes
{
    public const string Done = "Done";
    public const string True = "True";
    public const string False = "False";
    public const string Failed = "Failed";
}
