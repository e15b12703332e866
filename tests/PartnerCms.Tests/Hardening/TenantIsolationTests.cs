using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Customers.Models;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// Tenant isolation is structural: every organization-owned entity carries the organization filter, a query sees only
/// the current organization's rows whatever its where clause says, and the only ways across are the named ones in
/// src/ (CrossOrganization.AcrossOrganizations / ForOrganization, ICurrentOrganization.RunAs / RunAsSystem).
/// </summary>
[Trait("Area", "Hardening")]
public sealed partial class TenantIsolationSourceTests
{
    private static string Root() => Repository.Root;

    [GeneratedRegex(@"\bIgnoreQueryFilters\s*\(")]
    private static partial Regex IgnoreQueryFilters();

    [Fact]
    public void No_module_theme_or_framework_file_lifts_the_organization_filter_outside_the_named_API()
    {
        var root = Root();
        var allowed = Path.Combine(root, "src", "PartnerCms.Core", "Data", "CrossOrganization.cs");
        var offenders = new[] { "modules", "themes", "src" }
            .SelectMany(folder => System.IO.Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !string.Equals(file, allowed, StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => IgnoreQueryFilters().IsMatch(x.line) && !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !x.line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Use CrossOrganization.AcrossOrganizations(reason) or ForOrganization(id) instead of IgnoreQueryFilters:\n" + string.Join("\n", offenders));
    }
}

[Trait("Area", "Hardening")]
public abstract class TenantIsolationTests(PartnerCmsSite site)
{
    [Fact]
    public void Every_entity_that_belongs_to_an_organization_has_the_organization_filter()
    {
        using var scope = site.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().Model;
        var missing = model.GetEntityTypes()
            .Where(e => e.BaseType is null && (e.FindProperty("OrganizationId") is not null || e.FindProperty("CustomerOrganizationId") is not null || e.ClrType == typeof(Organization)))
            .Where(e => e.FindDeclaredQueryFilter(CrossOrganization.FilterName) is null)
            .Select(e => e.ClrType.Name)
            .ToList();

        Assert.True(missing.Count == 0, "Organization-owned entities without the organization filter: " + string.Join(", ", missing));
        Assert.Contains(model.GetEntityTypes(), e => e.ClrType == typeof(PartnerCms.Core.Accounts.PartnerCmsUser) && e.FindDeclaredQueryFilter(CrossOrganization.FilterName) is not null);
    }

    [Fact]
    public async Task A_query_without_a_where_clause_sees_only_the_current_organizations_users_domains_organizations_and_service_requests()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var current = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>();

        using (current.RunAs("fabrikam"))
        {
            Assert.All(await db.Users.ToListAsync(), u => Assert.Equal("fabrikam", u.OrganizationId));
            Assert.NotEmpty(await db.Users.ToListAsync());
            Assert.All(await db.OrganizationDomains.ToListAsync(), d => Assert.Equal("fabrikam", d.OrganizationId));
            Assert.Equal(["fabrikam"], await db.Organizations.Select(o => o.Id).ToListAsync());
            Assert.All(await db.Set<ServiceRequest>().ToListAsync(), r => Assert.Equal("fabrikam", r.CustomerOrganizationId));
            Assert.Empty(await db.Users.Where(u => u.OrganizationId == "northwind").ToListAsync());
        }

        using (current.RunAs("contoso-partners"))
        {
            Assert.All(await db.Set<ServiceRequest>().ToListAsync(), r => Assert.Equal("contoso-partners", r.PartnerOrganizationId));
            Assert.DoesNotContain(await db.Users.Select(u => u.OrganizationId).Distinct().ToListAsync(), id => id != "contoso-partners");
        }

        // Outside any organization (an anonymous request, a background job that forgot its scope): nothing.
        Assert.Empty(await db.Users.ToListAsync());
        Assert.Empty(await db.Organizations.ToListAsync());

        // The named ways across.
        Assert.Contains(await db.Users.AcrossOrganizations("test: every user").Select(u => u.OrganizationId).Distinct().ToListAsync(), id => id == "northwind");
        using (current.RunAsSystem())
        {
            Assert.True(await db.Organizations.CountAsync() > 3);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TenantIsolationTestsOnSqlite(SqliteSite shared) : TenantIsolationTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class TenantIsolationTestsOnPostgres(PostgresSite shared) : TenantIsolationTests(shared.Site);
