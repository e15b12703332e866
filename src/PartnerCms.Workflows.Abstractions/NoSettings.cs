namespace PartnerCms.Workflows.Abstractions;

/// <summary>The settings of an activity that has none (events, most control flow).</summary>
public sealed class NoSettings;
