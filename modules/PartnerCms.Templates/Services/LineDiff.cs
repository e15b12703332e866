using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace PartnerCms.Templates.Services;

public enum DiffKind
{
    Same,
    Added,
    Removed,
}

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>
/// A line-by-line difference between two versions of a template, for the history page: DiffPlex's Myers diff (linear
/// memory, unlike a table of every line pair, so a long template cannot exhaust the server).
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compare(string before, string after) =>
        InlineDiffBuilder.Diff(Normalize(before), Normalize(after), ignoreWhiteSpace: false, ignoreCase: false).Lines
            .Where(line => line.Type != ChangeType.Imaginary)
            .Select(line => new DiffLine(line.Type switch
            {
                ChangeType.Inserted => DiffKind.Added,
                ChangeType.Deleted => DiffKind.Removed,
                _ => DiffKind.Same,
            }, line.Text ?? string.Empty))
            .ToList();

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
