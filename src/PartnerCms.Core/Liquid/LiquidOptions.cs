using Fluid;

namespace PartnerCms.Core.Liquid;

/// <summary>
/// What templates may see and do. Modules extend it (services.Configure&lt;LiquidOptions&gt;): they allow their view
/// models — never entities or services — and add filters.
/// </summary>
public sealed class LiquidOptions
{
    /// <summary>Statements one render may execute; an endless loop stops here.</summary>
    public int MaxSteps { get; set; } = 50_000;

    public int MaxRecursion { get; set; } = 16;

    /// <summary>Iterations of literal ranges (nested loops multiplied) a template may contain.</summary>
    public long MaxLoopIterations { get; set; } = 10_000;

    /// <summary>Characters one render may produce.</summary>
    public int MaxOutputLength { get; set; } = 100_000;

    /// <summary>How deeply blocks (if, for, capture…) and parentheses may nest; checked before parsing.</summary>
    public int MaxNesting { get; set; } = 32;

    /// <summary>Characters of a template's source.</summary>
    public int MaxSourceLength { get; set; } = 64_000;

    /// <summary>Characters of any value a render builds (assign, capture, append, join, replace…).</summary>
    public int MaxStringLength { get; set; } = 100_000;

    /// <summary>Items of any list a render builds (ranges, split, concat…).</summary>
    public int MaxArrayLength { get; set; } = 10_000;

    /// <summary>Wall-clock time one render may take.</summary>
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Parsed templates kept in memory.</summary>
    public int CacheSize { get; set; } = 2_000;

    public HashSet<Type> AllowedModels { get; } = [];

    public Dictionary<string, FilterDelegate> Filters { get; } = new(StringComparer.Ordinal);

    public LiquidOptions AllowModel<T>()
    {
        AllowedModels.Add(typeof(T));
        return this;
    }

    public LiquidOptions AddFilter(string name, FilterDelegate filter)
    {
        Filters[name] = filter;
        return this;
    }
}
