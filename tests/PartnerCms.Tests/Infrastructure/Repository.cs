namespace PartnerCms.Tests.Infrastructure;

/// <summary>Where the repository's sources are, for tests that read them (the folder that holds PartnerCms.sln).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PartnerCms.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (PartnerCms.sln) was not found above " + AppContext.BaseDirectory);
    }
}
