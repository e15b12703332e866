namespace PartnerCms.Tests.Infrastructure;

/// <summary>Runs one of the repository's bash scripts (tests/*.sh) against the host the tests built.</summary>
public static class RepositoryScript
{
    /// <summary>Runs tests/<paramref name="name"/> with PORTAL_DLL set and <paramref name="environment"/>; returns its exit code and everything it said.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var script = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(PortalProcess.HostAssembly)!, "..", "..", "..", "..", "..", "tests", name));
        var start = new System.Diagnostics.ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.Environment["PORTAL_DLL"] = PortalProcess.HostAssembly;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await errors);
    }
}
