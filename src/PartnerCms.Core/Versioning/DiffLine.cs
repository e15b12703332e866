namespace PartnerCms.Core.Versioning;

/// <summary>One line of a line-by-line difference.</summary>
public sealed record DiffLine(DiffKind Kind, string Text);
