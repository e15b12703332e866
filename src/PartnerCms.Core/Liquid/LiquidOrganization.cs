namespace PartnerCms.Core.Liquid;

/// <summary>
/// The organization a Liquid render is for (a partner's offer message, its landing page): filters that reach stored
/// things (media_url) look only among that organization's, and print nothing outside such a scope — a template author
/// cannot name another partner's data into a page.
/// </summary>
public static class LiquidOrganization
{
    private static readonly AsyncLocal<string?> Ambient = new();

    public static string? Current => Ambient.Value;

    /// <summary>Renders that follow (in this flow) are for <paramref name="organizationId"/>; dispose to go back.</summary>
    public static IDisposable Use(string organizationId)
    {
        var previous = Ambient.Value;
        Ambient.Value = organizationId;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
