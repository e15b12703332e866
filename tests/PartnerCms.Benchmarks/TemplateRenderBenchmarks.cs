using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Fluid;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Liquid;
using PartnerCms.Templates.Models;

namespace PartnerCms.Benchmarks;

/// <summary>
/// A typical offer message (the default purchase-offer template from recipes/setup.recipe.json) rendered through
/// PartnerCms's LiquidTemplateService versus a bare Fluid render of the same parsed template with the same members
/// allowed, in the same run.
/// </summary>
[MemoryDiagnoser]
public class TemplateRenderBenchmarks
{
    private readonly Dictionary<string, object?> _model = new()
    {
        ["partner"] = SampleData.Partner,
        ["office"] = SampleData.Office,
        ["offer"] = SampleData.Offer(trial: false),
    };

    private LiquidTemplateService _service = null!;
    private IFluidTemplate _bareTemplate = null!;
    private TemplateOptions _bareOptions = null!;
    private string _source = string.Empty;

    public static void Run()
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(15))
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        BenchmarkRunner.Run<TemplateRenderBenchmarks>(config);
    }

    [GlobalSetup]
    public void Setup()
    {
        _source = DefaultPurchaseOfferBody();
        var options = new LiquidOptions().AddCoreFilters()
            .AllowModel<PartnerModel>().AllowModel<OfficeModel>().AllowModel<OfferModel>().AllowModel<OfferSubscriptionModel>().AllowModel<CustomerModel>();
        _service = new LiquidTemplateService(Options.Create(options));

        _bareOptions = new TemplateOptions { MemberAccessStrategy = new DefaultMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase } };
        foreach (var type in options.AllowedModels)
        {
            _bareOptions.MemberAccessStrategy.Register(type);
        }

        foreach (var (name, filter) in options.Filters)
        {
            _bareOptions.Filters.AddFilter(name, filter);
        }

        if (!new FluidParser().TryParse(_source, out _bareTemplate, out var error))
        {
            throw new InvalidOperationException(error);
        }
        if (Service() != BareFluid())
        {
            throw new InvalidOperationException("The two renders differ: the benchmark would compare different work.");
        }
    }

    [Benchmark(Baseline = true, Description = "bare Fluid")]
    public string BareFluid()
    {
        var context = new TemplateContext(_bareOptions);
        foreach (var (name, value) in _model)
        {
            context.SetValue(name, value);
        }

        return _bareTemplate.Render(context, NullEncoder.Default);
    }

    /// <summary>The offer page's path: the published template's parsed form cached by content item and version.</summary>
    [Benchmark(Description = "LiquidTemplateService (cached by item and version)")]
    public string Service() => _service.RenderAsync(_source, _model, html: false, cacheKey: "message-template:item:3:body").AsTask().GetAwaiter().GetResult();

    /// <summary>What the offer page did before: parse (and check) the published template on every view.</summary>
    [Benchmark(Description = "LiquidTemplateService (parsed on every render)")]
    public string ServiceUncached() => _service.RenderAsync(_source, _model, html: false).AsTask().GetAwaiter().GetResult();

    private static string DefaultPurchaseOfferBody()
    {
        var folder = AppContext.BaseDirectory;
        using var recipe = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "recipes", "setup.recipe.json")));
        foreach (var step in recipe.RootElement.GetProperty("steps").EnumerateArray())
        {
            if (step.GetProperty("name").GetString() == "message-templates")
            {
                foreach (var template in step.GetProperty("defaults").EnumerateArray())
                {
                    if (template.GetProperty("kind").GetString() == MessageTemplateKindNames.PurchaseOffer)
                    {
                        return template.GetProperty("body").GetString()!;
                    }
                }
            }
        }

        throw new InvalidOperationException("No default purchase-offer template in recipes/setup.recipe.json.");
    }
}
