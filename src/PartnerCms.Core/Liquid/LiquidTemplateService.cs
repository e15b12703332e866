using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Options;

namespace PartnerCms.Core.Liquid;

/// <summary>A template error at a place in the source (1-based line and column; 0 when not known).</summary>
public sealed record LiquidError(string Message, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"Line {Line}, column {Column}: {Message}" : Message;
}

/// <summary>A template that cannot be parsed or rendered; never an empty string in its place.</summary>
public sealed class LiquidTemplateException(LiquidError error) : Exception(error.ToString())
{
    public LiquidError Error { get; } = error;
}

/// <summary>
/// The one Liquid service: a single parser, options the modules extend, an allow-list of view models, limits on steps,
/// recursion and output, HTML encoding where the output is HTML, and parsed templates cached by id and version.
/// A template reads only the values it is handed.
/// </summary>
public sealed partial class LiquidTemplateService : IDisposable
{
    private static readonly FluidParser Parser = new();
    private readonly TemplateOptions _options;
    private readonly LiquidOptions _limits;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);
    private long _parses;

    public LiquidTemplateService(IOptions<LiquidOptions> options)
    {
        _limits = options.Value;
        _options = new TemplateOptions
        {
            MaxSteps = _limits.MaxSteps,
            MaxRecursion = _limits.MaxRecursion,
            MemberAccessStrategy = new DefaultMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase },
        };
        foreach (var type in _limits.AllowedModels)
        {
            _options.MemberAccessStrategy.Register(type);
        }

        // A template can only ever reach plain values and allowed view models: an allowed model that exposes
        // anything else is refused here, at start-up, rather than rendered (not even as its type name).
        foreach (var type in _limits.AllowedModels)
        {
            EnsureOnlyAllowedMembers(type);
        }

        foreach (var (name, filter) in _limits.Filters)
        {
            _options.Filters.AddFilter(name, filter);
        }

        // Every value a template builds is budgeted: filters (Fluid's own and ours), assign and capture.
        foreach (var (name, filter) in _options.Filters.ToList())
        {
            _options.Filters.AddFilter(name, Budgeted(name, filter));
        }

        _options.Assigned = (_, value, context) => new ValueTask<FluidValue>(RenderBudget.Of(context).Check(value));
        _options.Captured = (_, value, context) => new ValueTask<FluidValue>(RenderBudget.Of(context).Check(value));
    }

    /// <summary>Null when the source parses; otherwise the first error and where it is.</summary>
    public LiquidError? Validate(string? source)
    {
        var (_, error) = TryParse(source ?? string.Empty);
        return error;
    }

    /// <summary>
    /// Length and nesting are checked before the parser runs (it recurses per level); then loops, ranges and tags
    /// that are not available. The template returned is the guarded one.
    /// </summary>
    private (IFluidTemplate? Template, LiquidError? Error) TryParse(string source)
    {
        Interlocked.Increment(ref _parses);
        if (source.Length > _limits.MaxSourceLength)
        {
            return (null, new LiquidError($"The template has {source.Length:N0} characters; a template may have at most {_limits.MaxSourceLength:N0}.", 0, 0));
        }

        if (NestingGuard.Check(source, _limits.MaxNesting) is { } nesting)
        {
            return (null, nesting);
        }

        if (!Parser.TryParse(source, out var template, out var error))
        {
            return (null, ToError(error));
        }

        if (LoopBudget.Check(template, _limits.MaxLoopIterations) is { } problem)
        {
            return (null, new LiquidError(problem, 0, 0));
        }

        var (guarded, refused) = TemplateGuard.Apply(template, _limits.MaxArrayLength);
        return refused is null ? (guarded, null) : (null, new LiquidError(refused, 0, 0));
    }

    /// <summary>How many sources this service has parsed (cache misses and uncached parses): what the cache saves.</summary>
    public long Parses => Interlocked.Read(ref _parses);

    /// <summary>Parses, or takes from the cache when <paramref name="cacheKey"/> (an id and version) was parsed before.</summary>
    public IFluidTemplate Parse(string source, string? cacheKey = null)
    {
        if (cacheKey is not null && _cache.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var (template, error) = TryParse(source ?? string.Empty);
        if (error is not null)
        {
            throw new LiquidTemplateException(error);
        }

        if (cacheKey is not null)
        {
            if (_cache.Count >= _limits.CacheSize)
            {
                // Versions are immutable, so an old entry is never wrong, only unused: start afresh when full.
                _cache.Clear();
            }

            _cache[cacheKey] = template!;
        }

        return template!;
    }

    /// <summary>
    /// Renders with only <paramref name="model"/>'s values in scope. Each value must be an allowed view model, a
    /// primitive, or a list of them. <paramref name="html"/> encodes every output for HTML.
    /// </summary>
    public async ValueTask<string> RenderAsync(IFluidTemplate template, IReadOnlyDictionary<string, object?> model, bool html, CancellationToken cancellationToken = default)
    {
        var context = new BudgetedTemplateContext(_options);
        foreach (var (name, value) in model)
        {
            EnsureAllowed(name, value);
            context.SetValue(name, value);
        }

        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(_limits.RenderTimeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var budget = new RenderBudget(_limits.MaxStringLength, _limits.MaxArrayLength, deadline, cancellationToken);
        context.Budget = budget;
        var writer = LimitedStringWriter.Rent(_limits.MaxOutputLength, budget);
        try
        {
            var rendering = template.RenderAsync(writer, html ? HtmlEncoder.Default : NullEncoder.Default, context);
            if (!rendering.IsCompletedSuccessfully)
            {
                await rendering;
            }

            budget.CheckTime();
            return writer.ToString();
        }
        catch (OutputLimitException)
        {
            throw new LiquidTemplateException(new LiquidError(
                $"The template produced more than {_limits.MaxOutputLength:N0} characters. Is a loop repeating more than it should?", 0, 0));
        }
        catch (RenderBudgetException ex)
        {
            throw new LiquidTemplateException(new LiquidError(ex.Message, 0, 0));
        }
        catch (RenderTimeoutException)
        {
            throw new LiquidTemplateException(new LiquidError(
                $"The template took longer than {_limits.RenderTimeout.TotalSeconds:0.#} seconds and was stopped. Is a loop repeating more than it should?", 0, 0));
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase))
        {
            throw new LiquidTemplateException(new LiquidError(
                $"The template ran too long and was stopped (more than {_limits.MaxSteps:N0} steps or {_limits.MaxRecursion} levels deep). Is there an endless loop?", 0, 0));
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not LiquidTemplateException and not OutOfMemoryException and not RenderTimeoutException)
        {
            // A filter given arguments it cannot use (an empty search string, a number out of range…): the author's
            // mistake, said as such, never a server error.
            throw new LiquidTemplateException(new LiquidError($"The template could not be rendered: {ex.Message}", 0, 0));
        }
        finally
        {
            LimitedStringWriter.Return(writer);
        }
    }

    public ValueTask<string> RenderAsync(string source, IReadOnlyDictionary<string, object?> model, bool html, string? cacheKey = null, CancellationToken cancellationToken = default) =>
        RenderAsync(Parse(source, cacheKey), model, html, cancellationToken);

    public void Dispose() => _cache.Clear();

    /// <summary>A filter that checks the time, refuses to build an oversized value, and checks what it built.</summary>
    private static FilterDelegate Budgeted(string name, FilterDelegate filter) => async (input, arguments, context) =>
    {
        var budget = RenderBudget.Of(context);
        budget.CheckTimeEvery64();
        budget.CheckPlanned(name, input, arguments, context);
        return budget.Check(await filter(input, arguments, context));
    };

    private static bool IsPlainValue(object value) =>
        value is string or bool or int or long or decimal or double or float or DateTime or DateTimeOffset or TimeSpan or Fluid.Values.FluidValue || value.GetType().IsEnum;

    private static bool IsPlainType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(decimal)
            || type == typeof(double) || type == typeof(float) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type.IsEnum;
    }

    private void EnsureOnlyAllowedMembers(Type model)
    {
        foreach (var property in model.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var type = property.PropertyType;
            var element = type == typeof(string) ? null
                : type.IsArray ? type.GetElementType()
                : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[^1]
                : null;
            var exposed = element ?? type;
            if (!IsPlainType(exposed) && !_limits.AllowedModels.Contains(exposed))
            {
                throw new InvalidOperationException(
                    $"Template model {model.Name}.{property.Name} exposes {exposed.Name}, which is not an allowed template model. Allow it with LiquidOptions.AllowModel (a view model, never an entity or a service) or leave it out.");
            }
        }
    }

    private void EnsureAllowed(string name, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case var plain when IsPlainValue(plain):
                return;
            case IReadOnlyDictionary<string, object?> values:
                // Plain data by name (a workflow's event and variables): each value is checked like a model's.
                foreach (var (key, item) in values)
                {
                    EnsureAllowed(name + "." + key, item);
                }

                return;
            case IEnumerable items:
                foreach (var item in items)
                {
                    EnsureAllowed(name, item);
                }

                return;
            default:
                if (!_limits.AllowedModels.Contains(value.GetType()))
                {
                    throw new InvalidOperationException(
                        $"'{name}' is a {value.GetType().Name}, which is not an allowed template model. Allow view models with LiquidOptions.AllowModel, never entities or services.");
                }

                return;
        }
    }

    private static LiquidError ToError(string? message)
    {
        message ??= "The template could not be read.";
        var firstLine = message.Split('\n')[0].Trim();
        var position = Position().Match(firstLine);
        return position.Success
            ? new LiquidError(firstLine[..position.Index].Trim(), int.Parse(position.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(position.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture))
            : new LiquidError(firstLine, 0, 0);
    }

    [GeneratedRegex(@"at \((?<line>\d+):(?<column>\d+)\)", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex Position();

    private sealed class OutputLimitException : Exception;

    /// <summary>
    /// Stops a render as soon as it writes more than the limit, instead of filling memory. One writer per thread is
    /// reused, so a render allocates no buffer of its own (as Fluid's own Render does).
    /// </summary>
    private sealed class LimitedStringWriter : CheckedStringWriter
    {
        [ThreadStatic]
        private static LimitedStringWriter? _cached;

        private int _limit;
        private RenderBudget? _budget;

        private LimitedStringWriter()
            : base(new StringBuilder(1024))
        {
        }

        public static LimitedStringWriter Rent(int limit, RenderBudget budget)
        {
            var writer = _cached ?? new LimitedStringWriter();
            _cached = null;
            writer._limit = limit;
            writer._budget = budget;
            writer.GetStringBuilder().Clear();
            return writer;
        }

        public static void Return(LimitedStringWriter writer)
        {
            writer._budget = null;
            // Huge buffers are not kept.
            if (writer.GetStringBuilder().Capacity <= 64 * 1024)
            {
                _cached = writer;
            }
        }

#pragma warning disable CA2215 // Kept open for reuse on this thread: base.Dispose would close it, and its StringBuilder holds nothing to release.
        protected override void Dispose(bool disposing)
        {
        }
#pragma warning restore CA2215

        protected override void Check(int adding)
        {
            _budget?.CheckTimeEvery64();
            if (GetStringBuilder().Length + adding > _limit)
            {
                throw new OutputLimitException();
            }
        }
    }
}
