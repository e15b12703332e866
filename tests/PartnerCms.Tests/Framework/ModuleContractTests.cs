using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Extensions;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Web;
using PartnerCms.Web.Data;

namespace PartnerCms.Tests.Framework;

/// <summary>A module written the way a third party would: it fills the framework's extension points and nothing else.</summary>
public sealed class SampleModuleManifest : ModuleManifest
{
    public const string ModuleId = "PartnerCms.Tests.Sample";

    public override string Id => ModuleId;

    public override string Name => "Sample";

    public override string Description => "A module of the test suite that uses every part of the module contract.";

    public override string Category => "Tests";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Customers", "PartnerCms.Directory"];

    public override Type StartupType => typeof(SampleStartup);
}

public sealed class SampleStartup : ModuleStartup
{
    public const string Role = "Partner:SampleAuditor";

    public override int Order => 50;

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRoles<SampleRoles>();
        services.AddUiLinks<SampleLookupAction>();
        services.AddUiLinks<SamplePortalSection>();
    }

    public override void Configure(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Runs after authentication: it sees who is signed in.
        context.Response.Headers["X-Sample-Module"] = context.User.Identity?.IsAuthenticated == true ? "signed-in" : "anonymous";
        await next();
    });

    private sealed class SampleRoles : IRoleProvider
    {
        public IEnumerable<OrganizationRole> GetRoles() => [new(Role, OrganizationKind.Partner, "Sample auditor", "Reads what the sample module shows.")];
    }

    private sealed class SampleLookupAction : IUiLinkProvider
    {
        public string ExtensionPoint => ExtensionPoints.LookupResultActions;

        public IEnumerable<UiLink> GetLinks(IReadOnlyDictionary<string, string?> context) =>
            [new("sample-action", "Sample action", "/sample/" + context.GetValueOrDefault("customerId"), 90)];
    }

    private sealed class SamplePortalSection : IUiLinkProvider
    {
        public string ExtensionPoint => ExtensionPoints.AccountPortalSections;

        public IEnumerable<UiLink> GetLinks(IReadOnlyDictionary<string, string?> context) =>
            [new("sample-section", "Sample section", "/sample/portal", 10, Description: "Contributed by the sample module.")];
    }
}

/// <summary>What the sample module contributes to the message templates module: only while that one is on too.</summary>
[RequireModules("PartnerCms.Templates")]
public sealed class SampleTemplatesStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddUiLinks<SampleCard>();

    private sealed class SampleCard : IUiLinkProvider
    {
        public string ExtensionPoint => ExtensionPoints.DashboardCards;

        public IEnumerable<UiLink> GetLinks(IReadOnlyDictionary<string, string?> context) =>
            [new("sample-card", "Sample card", "/sample/templates", 10, Description: "Only with the message templates module.")];
    }
}

/// <summary>
/// The module contract: a module contributes middleware, a role, a lookup action and an account-portal section (and, with
/// [RequireModules], a dashboard card only when another module is on); switching it off removes all of them.
/// </summary>
[Trait("Area", "Framework")]
public sealed class ModuleContractTests
{
    private static async Task<(WebApplication App, Uri Address)> StartAsync(params string[] disabled)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = PartnerCmsSite.ConnectionStringFor(TestDatabase.Sqlite),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Accounts:SignInAttemptsPerMinute"] = "1000",
            ["Accounts:Mfa:Required"] = "false",
            ["Accounts:Mfa:DemoKeys"] = "false",
        };
        for (var i = 0; i < disabled.Length; i++)
        {
            settings[$"Modules:Disabled:{i}"] = disabled[i];
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>([.. InstalledModules.All, new SampleModuleManifest()]);
        var app = builder.Build();
        app.UsePartnerCms();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    private static async Task<PortalClient> SignInAsync(Uri address, (string UserName, string Password) user)
    {
        var client = new PortalClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = address });
        var response = await client.PostFormAsync("/account/signin", new() { ["UserName"] = user.UserName, ["Password"] = user.Password }, tokenPage: "/account/signin");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private sealed record Seen(string? Middleware, bool RoleOffered, bool RoleKnown, bool LookupAction, bool PortalSection, bool DashboardCard);

    private static async Task<Seen> LookAsync(WebApplication app, Uri address)
    {
        using var admin = await SignInAsync(address, DemoUsers.ContosoAdmin);
        var overview = await admin.GetAsync("/partner");
        var (_, newUser) = await admin.GetPageAsync("/portal/users/new");
        var (_, lookup) = await admin.GetPageAsync("/partner/lookup?q=fabrikam.example");
        var (_, dashboard) = await admin.GetPageAsync("/admin");
        using var customer = await SignInAsync(address, DemoUsers.FabrikamAdmin);
        var (_, portal) = await customer.GetPageAsync("/portal");
        return new Seen(
            overview.Headers.TryGetValues("X-Sample-Module", out var values) ? values.Single() : null,
            newUser.Contains("Sample auditor", StringComparison.Ordinal),
            app.Services.GetRequiredService<RoleCatalog>().IsValidFor(SampleStartup.Role, OrganizationKind.Partner),
            lookup.Contains("data-action=\"sample-action\"", StringComparison.Ordinal),
            portal.Contains("data-section=\"sample-section\"", StringComparison.Ordinal),
            dashboard.Contains("data-card=\"sample-card\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_module_contributes_middleware_a_role_a_lookup_action_a_portal_section_and_with_another_module_a_dashboard_card()
    {
        var (app, address) = await StartAsync();
        await using var _ = app;

        Assert.Equal(new Seen("signed-in", true, true, true, true, true), await LookAsync(app, address));
    }

    [Fact]
    public async Task Switching_the_module_off_removes_all_it_contributes()
    {
        var (app, address) = await StartAsync(SampleModuleManifest.ModuleId);
        await using var _ = app;

        Assert.Equal(new Seen(null, false, false, false, false, false), await LookAsync(app, address));
    }

    [Fact]
    public async Task A_contribution_to_another_module_goes_when_that_module_is_off_and_the_rest_stays()
    {
        var (app, address) = await StartAsync("PartnerCms.Templates");
        await using var _ = app;

        Assert.Equal(new Seen("signed-in", true, true, true, true, false), await LookAsync(app, address));
    }
}

/// <summary>
/// A module reads and writes only its own tables: another module's data comes through that module's public services
/// (e.g. <c>PartnerProfiles</c>, <c>SubscriptionService</c>), so a module can change how it stores things.
/// </summary>
[Trait("Area", "Framework")]
public sealed partial class ModuleBoundaryTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\bSet<(\w+)>\s*\(")]
    private static partial System.Text.RegularExpressions.Regex SetOf();

    [Fact]
    public void No_module_queries_a_table_another_module_owns()
    {
        var root = new DirectoryInfo(Repository.Root);

        // Entity types by the module (assembly) that declares them.
        var owner = InstalledModules.All
            .SelectMany(m => m.Assembly.GetTypes().Where(t => t.IsClass && t.Namespace?.EndsWith(".Models", StringComparison.Ordinal) == true).Select(t => (t.Name, Module: m.Assembly.GetName().Name!)))
            .GroupBy(t => t.Name).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Module);
        var offenders = new List<string>();
        foreach (var module in System.IO.Directory.EnumerateDirectories(Path.Combine(root.FullName, "modules")))
        {
            var name = Path.GetFileName(module);
            foreach (var file in System.IO.Directory.EnumerateFiles(module, "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                             && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
                {
                    foreach (System.Text.RegularExpressions.Match match in SetOf().Matches(line))
                    {
                        if (owner.TryGetValue(match.Groups[1].Value, out var declaredIn) && declaredIn != name)
                        {
                            offenders.Add($"{Path.GetRelativePath(root.FullName, file)}:{number}: {match.Groups[1].Value} belongs to {declaredIn}");
                        }
                    }
                }
            }
        }

        Assert.True(owner.ContainsKey("OfficeIndex") && owner.ContainsKey("Subscription"), "The scan found no module entity types.");
        Assert.True(offenders.Count == 0, "Go through the owning module's services:\n" + string.Join("\n", offenders));
    }
}

/// <summary>
/// A manifest tells the truth about what its module uses: every module or theme its project references is among its
/// dependencies, so the host never switches on a module without what it is built on.
/// </summary>
[Trait("Area", "Framework")]
public sealed class ModuleManifestTests
{
    [Fact]
    public void Every_module_a_project_references_is_named_in_its_manifest()
    {
        var manifests = InstalledModules.All.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var missing = new List<string>();
        var checkedReferences = 0;
        foreach (var project in new[] { "modules", "themes" }.SelectMany(folder => System.IO.Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.csproj", SearchOption.AllDirectories)))
        {
            var id = Path.GetFileNameWithoutExtension(project);
            Assert.True(manifests.TryGetValue(id, out var manifest), $"{id} has no manifest among the installed modules.");
            var references = System.Xml.Linq.XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .Where(manifests.ContainsKey);
            foreach (var reference in references)
            {
                checkedReferences++;
                if (!manifest!.Dependencies.Concat(manifest.OptionalDependencies).Contains(reference, StringComparer.Ordinal))
                {
                    missing.Add($"{id} references {reference} but its manifest does not name it");
                }
            }
        }

        // A startup that runs only beside another module names a module the manifest knows of, as needed or optional.
        foreach (var manifest in manifests.Values)
        {
            foreach (var startup in manifest.Assembly.GetTypes().Where(t => typeof(ModuleStartup).IsAssignableFrom(t) && !t.IsAbstract))
            {
                foreach (var required in startup.GetCustomAttributes(typeof(RequireModulesAttribute), false).Cast<RequireModulesAttribute>().SelectMany(a => a.ModuleIds))
                {
                    if (!manifest.Dependencies.Concat(manifest.OptionalDependencies).Contains(required, StringComparer.Ordinal))
                    {
                        missing.Add($"{manifest.Id}'s {startup.Name} runs beside {required} but its manifest does not name it");
                    }
                }
            }
        }

        Assert.True(checkedReferences > 5, "The scan found no references between modules.");
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }
}

/// <summary>Controllers and middleware redirect through routes the framework generates, never through a path written out.</summary>
[Trait("Area", "Framework")]
public sealed class GeneratedLinksTests
{
    [Fact]
    public void No_module_redirects_to_a_path_literal()
    {
        var literals = new[] { "Redirect(\"/", "Redirect($\"/", "Redirect(\"~/", "LocalRedirect(\"/" };
        var offenders = new List<string>();
        var scanned = 0;
        foreach (var file in new[] { "modules", "src", "themes" }.SelectMany(folder => System.IO.Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            scanned++;
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                if (literals.Any(l => line.Contains(l, StringComparison.Ordinal)))
                {
                    offenders.Add($"{Path.GetRelativePath(Repository.Root, file)}:{number}: {line.Trim()}");
                }
            }
        }

        Assert.True(scanned > 100, "The scan found no sources.");
        Assert.True(offenders.Count == 0, "Use RedirectToAction, a named route or LinkGenerator:\n" + string.Join("\n", offenders));
    }
}

