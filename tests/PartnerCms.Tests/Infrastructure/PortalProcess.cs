using System.Diagnostics;

namespace PartnerCms.Tests.Infrastructure;

/// <summary>Starts the built portal as its own process, as an operator would, to check what start-up says and returns.</summary>
public static class PortalProcess
{
    public static string HostAssembly
    {
        get
        {
            // tests/PartnerCms.Tests/bin/<Configuration>/net10.0/ → src/PartnerCms.Web/bin/<Configuration>/net10.0/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent!.Name;
            var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "PartnerCms.Web", "bin", configuration, output.Name, "PartnerCms.Web.dll");
        }
    }

    /// <summary>Runs the portal with the given settings until it exits (or fails the test after a minute).</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(HostAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(HostAssembly);
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("The portal started instead of stopping: " + await stdout);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
