using PartnerCms.Core.Security;

namespace PartnerCms.Core.Navigation;

/// <summary>One entry in the admin navigation; shown only to users who hold <see cref="Permission"/>.</summary>
public sealed record NavigationItem(string Group, string Text, string Url, int Position, Permission? Permission = null)
{
    /// <summary>The entry is current only on its own URL, not on the pages below it (a section's start page).</summary>
    public bool ExactOnly { get; init; }

    /// <summary>Other paths (prefixes) this entry stands for, e.g. the commerce dashboard for the offer pages.</summary>
    public IReadOnlyList<string> Covers { get; init; } = [];
}
