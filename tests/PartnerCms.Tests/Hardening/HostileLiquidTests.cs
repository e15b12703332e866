using System.Text;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Liquid;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// Whatever a marketing user writes is hostile input: nesting is limited before the parser recurses, every value a
/// render builds is budgeted before it fills memory, every render stops at a step budget and a deadline, and tags
/// that reach outside the message are refused with a message.
/// </summary>
[Trait("Area", "Hardening")]
public sealed class HostileLiquidTests
{
    private static LiquidTemplateService Service(Action<LiquidOptions>? configure = null)
    {
        var options = new LiquidOptions().AddCoreFilters();
        configure?.Invoke(options);
        return new LiquidTemplateService(Options.Create(options));
    }

    /// <summary>Long sources allowed, so that the nesting guard is what answers.</summary>
    private static LiquidTemplateService Lenient() => Service(o => o.MaxSourceLength = 10_000_000);

    private static async Task<LiquidError> RenderErrorAsync(string source, LiquidTemplateService? service = null)
    {
        var error = await Assert.ThrowsAsync<LiquidTemplateException>(async () =>
            await (service ?? Service()).RenderAsync(source, new Dictionary<string, object?> { ["name"] = "Contoso" }, html: false));
        return error.Error;
    }

    [Fact]
    public void Five_thousand_nested_ifs_are_refused_before_parsing_instead_of_overflowing_the_stack()
    {
        var source = string.Concat(Enumerable.Repeat("{% if true %}", 5000)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", 5000));

        var error = Lenient().Validate(source);

        Assert.NotNull(error);
        Assert.Contains("nested more than", error.Message);
        Assert.Throws<LiquidTemplateException>(() => Lenient().Parse(source));
        Assert.Contains("at most 64,000", Service().Validate(source)!.Message);
    }

    [Theory]
    [InlineData("{% for i in (1..2) %}", "{% endfor %}")]
    [InlineData("{% capture x %}", "{% endcapture %}")]
    [InlineData("{% unless false %}", "{% endunless %}")]
    public void Deep_nesting_of_any_block_is_refused(string open, string close)
    {
        var source = string.Concat(Enumerable.Repeat(open, 3000)) + string.Concat(Enumerable.Repeat(close, 3000));

        Assert.Contains("nested more than", Lenient().Validate(source)!.Message);
    }

    [Fact]
    public void Deeply_nested_parentheses_and_liquid_tags_are_refused()
    {
        Assert.Contains("nested more than", Lenient().Validate("{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}")!.Message);
        var liquidTag = "{% liquid\n" + string.Concat(Enumerable.Repeat("if true\n", 3000)) + string.Concat(Enumerable.Repeat("endif\n", 3000)) + "%}";
        Assert.Contains("nested more than", Lenient().Validate(liquidTag)!.Message);
    }

    [Fact]
    public void Ordinary_nesting_still_parses()
    {
        var source = string.Concat(Enumerable.Repeat("{% if true %}", 10)) + "{% raw %}{% if %}{% if %}{% endraw %}" + string.Concat(Enumerable.Repeat("{% endif %}", 10));

        Assert.Null(Service().Validate(source));
    }

    [Fact]
    public async Task A_capture_that_doubles_a_string_is_stopped_at_the_value_budget()
    {
        var source = new StringBuilder("{% assign s = 'ab' %}");
        for (var i = 0; i < 26; i++)
        {
            source.Append("{% capture s %}{{ s }}{{ s }}{% endcapture %}");
        }

        var error = await RenderErrorAsync(source.ToString());

        Assert.Contains("at most 100,000", error.Message);
    }

    [Fact]
    public async Task A_capture_that_repeats_a_large_value_in_a_loop_stops_while_it_writes()
    {
        var error = await RenderErrorAsync(
            "{% assign s = 'abcdefghij' %}{% for i in (1..13) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}" +
            "{% capture t %}{% for i in (1..5000) %}{{ s }}{% endfor %}{% endcapture %}");

        Assert.Contains("at most", error.Message);
    }

    [Theory]
    [InlineData("{% assign s = 'ab' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}")]
    [InlineData("{% assign s = 'ab' %}{% for i in (1..40) %}{% assign s = s | prepend: s %}{% endfor %}")]
    [InlineData("{% assign a = 'a,b' | split: ',' %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}")]
    public async Task Doubling_through_filters_is_stopped_at_the_value_budget(string source)
    {
        var error = await RenderErrorAsync(source);

        Assert.Contains("at most", error.Message);
    }

    [Fact]
    public async Task A_join_over_a_billion_numbers_is_refused_before_the_numbers_are_built()
    {
        var error = await RenderErrorAsync("{{ (1..1000000000) | join: ',' }}");

        Assert.Contains("holds 1,000,000,000 numbers", error.Message);
    }

    [Fact]
    public async Task A_loop_over_a_variable_range_is_refused_at_the_range_budget()
    {
        var error = await RenderErrorAsync("{% assign n = 1000000000 %}{% for i in (1..n) %}{% endfor %}done");

        Assert.Contains("at most 10,000", error.Message);
    }

    [Fact]
    public async Task Join_and_replace_that_would_multiply_a_value_are_measured_before_they_run()
    {
        var build = "{% assign s = 'abcdefghij' %}{% for i in (1..9) %}{% assign s = s | append: s %}{% endfor %}";

        Assert.Contains("'join' would build", (await RenderErrorAsync(build + "{% assign parts = s | split: '' %}{{ parts | join: s }}")).Message);
        Assert.Contains("'replace' would build", (await RenderErrorAsync(build + "{{ s | replace: 'a', s }}")).Message);
    }

    [Theory]
    [InlineData("{% include 'secrets' %}", "include")]
    [InlineData("{% render 'secrets' %}", "render")]
    public void Include_and_render_are_refused_with_a_message(string source, string tag)
    {
        var error = Service().Validate("Hello " + source);

        Assert.NotNull(error);
        Assert.Contains($"{{% {tag} %}} is not available", error.Message);
    }

    [Fact]
    public async Task A_render_that_runs_past_its_deadline_is_stopped()
    {
        var service = Service(o =>
        {
            o.RenderTimeout = TimeSpan.FromMilliseconds(1);
            o.MaxSteps = 10_000_000;
        });
        var source = "{% assign s = 'abcdefghij' %}{% for i in (1..13) %}{% assign s = s | append: s %}{% endfor %}" +
            "{% for i in (1..10000) %}{% assign t = s | upcase | downcase %}{% endfor %}";

        var error = await RenderErrorAsync(source, service);

        Assert.Contains("took longer than", error.Message);
    }

    [Fact]
    public async Task A_filter_given_arguments_it_cannot_use_is_a_template_error_not_a_crash()
    {
        var outcome = await Record.ExceptionAsync(async () =>
            await Service().RenderAsync("{{ name | replace: '', 'x' | truncate: -5 | slice: 99999999 }}", new Dictionary<string, object?> { ["name"] = "Contoso" }, html: false));

        Assert.True(outcome is null or LiquidTemplateException, outcome?.GetType().Name);
    }

    [Fact]
    public async Task An_ordinary_template_still_renders()
    {
        var output = await Service().RenderAsync(
            "{% capture greeting %}Hello {{ name }}{% endcapture %}{{ greeting }}: {{ (1..3) | join: '-' }} {% for i in (1..2) %}{{ i }}{% endfor %}",
            new Dictionary<string, object?> { ["name"] = "Contoso" }, html: false);

        Assert.Equal("Hello Contoso: 1-2-3 12", output);
    }
}
