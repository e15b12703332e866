using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Partners.Models;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// Generated posts (fixed seed) over every form the installed modules map, as every kind of user, with the field names
/// the real pages use and hostile values (NUL, stray brackets, huge, negative, markup): no answer is a 5xx, and the
/// site is healthy afterwards. Each database gets a portal of its own, since the fuzzer changes what it may.
/// Plus the specific cases the outside review found.
/// </summary>
[Trait("Area", "Hardening")]
[Trait("Area", "Fuzz")]
public abstract partial class FormFuzzTests(TestDatabase database) : IAsyncLifetime
{
    private const int Posts = 2000;
    private readonly PartnerCmsSite _site = new(database, new Dictionary<string, string?> { ["Customers:LookupsPerMinute"] = "100000", ["Templates:PreviewsPerMinute"] = "100000" });
    private string _quoteId = string.Empty;
    private string _landing = string.Empty;

    public async Task InitializeAsync()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        _quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, "contoso-partners", "RED-001"), [("INTUNE-P1", 5)], delegated: true);
        _landing = await LinkPathAsync(sales, _quoteId);
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [GeneratedRegex("name=\"([^\"]+)\"")]
    private static partial Regex FieldName();

    [Theory]
    [InlineData("/account/signin", "UserName", "admin@contosopartners.example\0")]
    [InlineData("/partner/company/edit", "Input.CompanyName", "Contoso\0Partners")]
    [InlineData("/partner/offices/new", "Input.Name", "Office\0")]
    [InlineData("/partner/offers/new/purchase", "UsageLocation", "U\0S")]
    public async Task A_nul_byte_in_a_form_value_is_a_400_with_a_message(string url, string field, string value)
    {
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);

        var response = await admin.PostFormAsync(url, new() { [field] = value, ["Step"] = "1" }, url.StartsWith("/account", StringComparison.Ordinal) ? url : "/admin");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control character such as NUL", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_nul_byte_in_a_lookup_query_is_a_400_with_a_message()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);

        var (status, page) = await sales.GetPageAsync("/partner/lookup?q=fabrikam.example%00");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("control character such as NUL", WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task A_field_name_with_an_unbalanced_bracket_is_a_400_and_the_error_page_renders()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);

        var response = await sales.PostFormAsync("/partner/offers/new/purchase", new() { ["Licences[EMS-E3"] = "5", ["Step"] = "3" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("field name that cannot be read (Licences[EMS-E3)", page);
        Assert.Equal("The request could not be understood", HtmlPage.Text(page, "h1"));
    }

    [Fact]
    public async Task A_check_box_with_a_value_that_is_not_a_boolean_re_renders_the_form_instead_of_failing()
    {
        using var visitor = _site.Anonymous();

        var response = await visitor.PostFormAsync("/account/signin", new() { ["RememberMe"] = "yes please" }, "/account/signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        HtmlPage.AssertHas(await response.Content.ReadAsStringAsync(), "[name='UserName']");
    }

    [Fact]
    public async Task Posting_the_offer_message_without_a_body_is_a_400_with_a_message()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);

        var missing = await sales.PostFormAsync($"/partner/offers/{_quoteId}/message", new() { ["Subject"] = "Hello" });
        var empty = await sales.PostFormAsync($"/partner/offers/{_quoteId}/message", new() { ["Subject"] = "Hello", ["Body"] = "" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Write the message", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Thousands_of_generated_posts_over_every_form_get_no_5xx_and_the_site_stays_healthy()
    {
        var random = new Random(20261130);
        var personas = new List<(string Name, PortalClient Client, string Token)>();
        foreach (var (name, user) in new[] { ("admin", DemoUsers.ContosoAdmin), ("sales", DemoUsers.ContosoSales), ("marketing", DemoUsers.ContosoMarketing), ("full", DemoUsers.ContosoFull), ("limited", DemoUsers.ContosoLimited), ("customer", DemoUsers.FabrikamAdmin), ("operator", DemoUsers.Operator) })
        {
            var client = await _site.SignInAsync(user);
            personas.Add((name, client, await client.AntiforgeryTokenAsync("/admin")));
        }

        var anonymous = _site.Anonymous();
        personas.Add(("anonymous", anonymous, await anonymous.AntiforgeryTokenAsync("/account/signin")));

        var routes = PostRoutes();
        Assert.True(routes.Count >= 25, $"Only {routes.Count} POST routes found: {string.Join(", ", routes)}");
        var values = await RouteValuesAsync();
        var names = await FieldNamesAsync(personas.First(p => p.Name == "admin").Client, personas.First(p => p.Name == "customer").Client);
        Assert.True(names.Count > 30, string.Join(", ", names));

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < Posts; i++)
        {
            var (persona, client, token) = personas[random.Next(personas.Count)];
            var route = routes[random.Next(routes.Count)];
            if (persona != "anonymous" && route is "account/signout" or "account/change-password")
            {
                continue;
            }

            // The operator's API switch does what it says: off, every API post answers 503 by design.
            if (route == "admin/api/switch")
            {
                continue;
            }

            var url = "/" + RouteParameter().Replace(route, m => Uri.EscapeDataString(Pick(random, values.GetValueOrDefault(m.Groups[1].Value, ["x"]), JunkRouteValues)));
            if (route.StartsWith("offers/", StringComparison.Ordinal) && random.Next(2) == 0)
            {
                url += new Uri("http://x" + _landing).Query;
            }

            var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
            // Half the posts are well-formed (so they reach the actions' logic), half carry hostile names and values.
            var hostile = random.Next(2) == 0;
            var count = random.Next(0, 10);
            for (var f = 0; f < count; f++)
            {
                var name = Pick(random, names, []);
                fields.Add(new(hostile && random.Next(6) == 0 ? Mutate(random, name) : name, hostile ? Value(random) : PlainValue(random)));
            }

            using var response = await client.Http.PostAsync(url, new FormUrlEncodedContent(fields));
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} {persona} POST {url} {string.Join("&", fields.Skip(1).Select(f => f.Key + "=" + Shorten(f.Value)))}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} posts answered 5xx:\n" + string.Join("\n", failures.Take(20)));

        // The posts reached the actions' own logic (pages, redirects, validation), not only the guards.
        var histogram = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        Assert.True(statuses.GetValueOrDefault(200) + statuses.GetValueOrDefault(302) > Posts / 20, histogram);
        Assert.True(statuses.Keys.Count(k => k is >= 400 and < 500) >= 3, histogram);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        // The fuzzer may legitimately reset or rename the partner's and customer's users (it posts as their administrators);
        // the platform operator is out of their reach: a fresh sign-in and a page still work.
        using var fresh = await _site.SignInAsync(DemoUsers.Operator);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/admin/modules")).StatusCode);
        personas.ForEach(p => p.Client.Dispose());
    }

    private static readonly string[] JunkRouteValues = ["0", "-1", "99999999999999999999", "x", "..", "%00", "[", "Q-0000-0000", new string('a', 300)];

    private List<string> PostRoutes() => _site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
        .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
        .Where(r => !r.StartsWith("error", StringComparison.Ordinal))
        .Distinct().Order().ToList();

    /// <summary>Real identifiers of every kind, so that posts reach the actions' logic and not only their 404s.</summary>
    private Task<Dictionary<string, string[]>> RouteValuesAsync() => _site.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<PartnerCmsDbContext>();
        var offices = await db.Set<OfficeIndex>().Select(o => o.ContentItemId).ToArrayAsync();
        var users = await db.Users.Select(u => u.Id).Take(20).ToArrayAsync();
        var subscriptions = await db.Set<PartnerCms.Directory.Models.Subscription>().IgnoreQueryFilters().Select(s => s.Id.ToString()).Take(20).ToArrayAsync();
        var domains = await db.OrganizationDomains.IgnoreQueryFilters().Select(d => d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Take(20).ToArrayAsync();
        return new Dictionary<string, string[]>
        {
            ["kind"] = ["purchase-offer", "trial-invitation", "customer-welcome", "nope"],
            ["id"] = [.. offices, .. users, .. subscriptions, .. domains, "1", "2"],
            ["customerId"] = ["fabrikam", "tailspin-toys", "northwind-traders", "contoso-partners", "woodgrove-partners"],
            ["quoteId"] = [_quoteId],
        };
    });

    private async Task<List<string>> FieldNamesAsync(PortalClient partner, PortalClient customer)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pages = new (PortalClient Client, string Url)[]
        {
            (partner, "/account/change-password"), (partner, "/partner/company/edit"), (partner, "/partner/offices/new"), (partner, "/partner/templates/purchase-offer"),
            (partner, "/partner/offers/new/purchase"), (partner, "/partner/offers/new/trial"), (partner, $"/partner/offers/{_quoteId}"), (partner, "/partner/commerce"),
            (partner, "/partner/customers/fabrikam/reset-password"), (partner, "/partner/customers/fabrikam/service-requests/new"), (partner, "/portal/users/new"),
            (customer, "/portal/users/new"), (customer, "/portal/domains"), (customer, "/portal/subscriptions/manage"), (customer, "/portal/subscriptions/purchase"),
            (customer, AcceptPath(_landing)), (_site.Anonymous(), "/account/signin"),
        };
        foreach (var (client, url) in pages)
        {
            var (_, body) = await client.GetPageAsync(url);
            foreach (Match match in FieldName().Matches(body))
            {
                names.Add(WebUtility.HtmlDecode(match.Groups[1].Value));
            }
        }

        names.Remove("__RequestVerificationToken");
        return [.. names.Order()];
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items, IReadOnlyList<T> junk) =>
        junk.Count > 0 && random.Next(5) == 0 ? junk[random.Next(junk.Count)] : items[random.Next(items.Count)];

    private static string Mutate(Random random, string name) => random.Next(6) switch
    {
        0 => name + "[",
        1 => name + "]",
        2 => "[" + name,
        3 => name + "[0][",
        4 => name + "\0",
        _ => name + "." + name,
    };

    private static string Value(Random random) => random.Next(16) switch
    {
        0 => string.Empty,
        1 => "\0",
        2 => "abc\0def",
        3 => new string('x', random.Next(1000, 30000)),
        4 => "-1",
        5 => "99999999999999999999",
        6 => "[",
        7 => "<script>alert(1)</script>",
        8 => "'; DROP TABLE \"Users\"; --",
        9 => "true",
        10 => "2026-02-31",
        11 => "{{ (1..1000000000) | join: ',' }}",
        12 => "\uD83D\uDE00 ünïcödé \u202E",
        13 => "admin@fabrikam.example",
        14 => random.Next(-5, 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "US",
    };

    private static string PlainValue(Random random) => random.Next(8) switch
    {
        0 => string.Empty,
        1 => "true",
        2 => "US",
        3 => "Contoso " + random.Next(1000),
        4 => $"t{random.Next(100000)}.example",
        5 => $"someone{random.Next(1000)}@fabrikam.example",
        6 => "Pass-word-2026",
        _ => random.Next(0, 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Shorten(string value) => value.Length <= 40 ? value.Replace("\0", "\\0", StringComparison.Ordinal) : value[..40] + $"…({value.Length})";

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}

public sealed class FormFuzzTestsOnSqlite() : FormFuzzTests(TestDatabase.Sqlite);

public sealed class FormFuzzTestsOnPostgres() : FormFuzzTests(TestDatabase.Postgres);
