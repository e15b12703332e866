using Microsoft.Extensions.Options;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Versioning;
using PartnerCms.Templates.Services;

namespace PartnerCms.Tests.Unit;

public sealed class LiquidTemplateServiceTests
{
    public sealed class AllowedModel
    {
        public string Name { get; init; } = "Contoso";

        internal string Secret { get; init; } = "connection-string";

#pragma warning disable CA1822 // An instance method on purpose: the test shows a template cannot call what a model exposes.
        public string Hidden() => "from a method";
#pragma warning restore CA1822
    }

    public sealed class LeakyModel
    {
        public SecretHolder Secret { get; init; } = new();
    }

    public sealed class SecretHolder
    {
        public string Value { get; init; } = "connection-string";
    }

    private static LiquidTemplateService Service(Action<LiquidOptions>? configure = null)
    {
        var options = new LiquidOptions().AddCoreFilters().AllowModel<AllowedModel>();
        configure?.Invoke(options);
        return new LiquidTemplateService(Options.Create(options));
    }

    private static Task<string> RenderAsync(LiquidTemplateService service, string source, object? model = null, bool html = false) =>
        service.RenderAsync(source, new Dictionary<string, object?> { ["m"] = model ?? new AllowedModel() }, html).AsTask();

    [Fact]
    public void A_syntax_error_is_reported_at_its_line_and_column()
    {
        var error = Service().Validate("Hello\n{{ m.name | upcase }\nBye");

        Assert.NotNull(error);
        Assert.Equal(2, error.Line);
        Assert.True(error.Column > 1);
        Assert.Contains("'}}'", error.Message);
        Assert.StartsWith("Line 2, column", error.ToString());
    }

    [Fact]
    public void An_unclosed_block_is_an_error_not_an_empty_string()
    {
        var service = Service();

        Assert.NotNull(service.Validate("{% if m.name %}open"));
        Assert.Throws<LiquidTemplateException>(() => service.Parse("{% for x in m %}"));
    }

    [Fact]
    public async Task A_template_reads_allowed_view_models_and_nothing_they_were_not_allowed_to_expose()
    {
        var output = await RenderAsync(Service(), "{{ m.name }}|{{ m.secret }}|{{ m.hidden }}|{{ m.get_type }}");

        Assert.Equal("Contoso|||", output);
    }

    [Fact]
    public void Allowing_a_model_that_exposes_a_type_nobody_allowed_fails_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Service(o => o.AllowModel<LeakyModel>()));

        Assert.Contains("LeakyModel.Secret exposes SecretHolder", error.Message);
    }

    [Fact]
    public async Task Handing_a_template_a_type_that_is_not_allowed_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RenderAsync(Service(), "{{ m.value }}", new SecretHolder()));

        Assert.Contains("not an allowed template model", error.Message);
    }

    [Theory]
    [InlineData("{% for i in (1..100000000) %}{% for j in (1..100000000) %}{% endfor %}{% endfor %}")]
    [InlineData("{% for i in (1..200) %}{% for j in (1..200) %}{% endfor %}{% endfor %}")]
    [InlineData("{% for i in (1..20000) %}x{% endfor %}")]
    public void A_runaway_loop_is_refused_before_it_runs(string source)
    {
        var service = Service();

        var error = service.Validate(source);

        Assert.NotNull(error);
        Assert.Contains("a message may repeat at most 10,000 times", error.Message);
        Assert.Throws<LiquidTemplateException>(() => service.Parse(source));
    }

    [Fact]
    public async Task A_long_loop_within_the_budget_is_stopped_by_the_step_limit_with_a_clear_error()
    {
        var service = Service(o => o.MaxSteps = 1_000);

        var error = await Assert.ThrowsAsync<LiquidTemplateException>(() => RenderAsync(service, "{% for i in (1..5000) %}{{ i }}{% endfor %}"));

        Assert.Contains("ran too long", error.Message);
    }

    [Fact]
    public void Loops_of_sane_size_are_fine()
    {
        Assert.Null(Service().Validate("{% for i in (1..100) %}{% for j in (1..100) %}{{ i }}{% endfor %}{% endfor %}{% for s in m %}{% endfor %}"));
    }

    [Fact]
    public async Task A_huge_output_is_stopped_with_a_clear_error()
    {
        var service = Service(o => { o.MaxSteps = 10_000_000; o.MaxOutputLength = 10_000; });

        var error = await Assert.ThrowsAsync<LiquidTemplateException>(() => RenderAsync(service, "{% for i in (1..5000) %}0123456789{% endfor %}"));

        Assert.Contains("more than 10,000 characters", error.Message);
    }

    [Fact]
    public async Task Html_output_is_encoded_and_text_output_is_not()
    {
        var model = new AllowedModel { Name = "<b>Contoso & Co</b>" };

        Assert.Equal("&lt;b&gt;Contoso &amp; Co&lt;/b&gt;", await RenderAsync(Service(), "{{ m.name }}", model, html: true));
        Assert.Equal("<b>Contoso & Co</b>", await RenderAsync(Service(), "{{ m.name }}", model, html: false));
    }

    [Fact]
    public async Task The_core_filters_format_dates_money_and_mailto_links()
    {
        var service = Service();

        Assert.Equal("31 January 2027", await RenderAsync(service, "{{ '2027-01-31' | long_date }}"));
        Assert.Equal("EUR 1,234.50", await RenderAsync(service, "{{ 1234.5 | money: 'EUR' }}"));
        Assert.Equal("mailto:hello@contoso.example?subject=My%20offer%20%26%20you", await RenderAsync(service, "{{ 'hello@contoso.example' | mailto: 'My offer & you' }}"));
    }

    [Fact]
    public void Parsed_templates_are_cached_by_id_and_version()
    {
        var service = Service();

        var first = service.Parse("{{ m.name }}", "template-1:v1");
        var again = service.Parse("ignored, the key is known", "template-1:v1");
        var next = service.Parse("{{ m.name }}!", "template-1:v2");

        Assert.Same(first, again);
        Assert.NotSame(first, next);
    }

    [Theory]
    [InlineData("Open {{ offer.link }} now", true)]
    [InlineData("Open {{- offer.link -}} now", true)]
    [InlineData("Open {{offer.link | upcase}}", true)]
    [InlineData("Open the offer link now", false)]
    [InlineData("{{ offer.linkage }}", false)]
    [InlineData("{% comment %}{{ offer.quote_id }}{% endcomment %}", false)]
    public void The_offer_link_guard_finds_the_link(string body, bool hasLink) => Assert.Equal(hasLink, MessageTemplateService.HasOfferLink(body));

    [Fact]
    public void The_line_diff_shows_removed_and_added_lines()
    {
        var diff = Differences.Lines("Hello\nBuy now\nBye", "Hello\nTry now\nBye");

        Assert.Equal([(DiffKind.Same, "Hello"), (DiffKind.Removed, "Buy now"), (DiffKind.Added, "Try now"), (DiffKind.Same, "Bye")], diff.Select(l => (l.Kind, l.Text)));
    }
}
