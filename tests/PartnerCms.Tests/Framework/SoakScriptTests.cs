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
        var (exitCode, said) = await RepositoryScript.RunAsync("soak.sh", TimeSpan.FromMinutes(8), new Dictionary<string, string>
        {
            // Two minutes at a light load: the kill and the checks are the point here, and the rest of the suite shares the cores.
            ["SOAK_SECONDS"] = "120",
            ["SOAK_CLIENTS"] = "1",
            ["SOAK_PAUSE"] = "1",
        });

        Assert.True(exitCode == 0, said);
        Assert.Contains("OK: ", said);
        Assert.Matches(@"Sign-ups: [1-9]\d* accepted", said);
    }
}
