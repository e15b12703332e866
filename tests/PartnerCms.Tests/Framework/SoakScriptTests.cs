using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// The two-minute variant of tests/soak.sh: three nodes behind nginx on one PostgreSQL database and one Redis server,
/// landing views, lookups, on-behalf pages and customers signing up through one offer link, node 2 killed with
/// <c>kill -9</c> half-way and started again; afterwards no acceptance lost or doubled, each welcome mail written once,
/// each workflow run once, every outbox event delivered, the audit chains intact.
/// </summary>
[Trait("Area", "Framework")]
public sealed class SoakScriptTests
{
    [Fact]
    [Trait("Rule", "R10")]
    public async Task Customers_signing_up_through_one_link_while_a_node_is_killed_are_each_accepted_mailed_and_welcomed_once()
    {
        var script = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(PortalProcess.HostAssembly)!, "..", "..", "..", "..", "..", "tests", "soak.sh"));
        var start = new System.Diagnostics.ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.Environment["PORTAL_DLL"] = PortalProcess.HostAssembly;
        start.Environment["SOAK_SECONDS"] = "120";
        start.Environment["SOAK_CLIENTS"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);

        var said = await output + await errors;
        Assert.True(process.ExitCode == 0, said);
        Assert.Contains("OK: ", said);
        Assert.Matches(@"Sign-ups: [1-9]\d* accepted", said);
    }
}
