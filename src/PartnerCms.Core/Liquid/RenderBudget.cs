using Fluid;
using Fluid.Values;

namespace PartnerCms.Core.Liquid;

/// <summary>
/// The limits of one render, reachable from filters and callbacks through the context: every string and list the
/// template builds is measured, and the wall-clock deadline is checked on every filter, assignment and write.
/// Filters whose result can be far larger than their input (join, replace) are measured before they run.
/// </summary>
internal sealed class RenderBudget(int maxStringLength, int maxArrayLength, long deadlineTimestamp, CancellationToken cancellation)
{
    private static readonly RenderBudget Unlimited = new(int.MaxValue, int.MaxValue, long.MaxValue, CancellationToken.None);

    public static RenderBudget Of(TemplateContext context) => (context as BudgetedTemplateContext)?.Budget ?? Unlimited;

    /// <summary>The deadline is a timestamp (no timer, no allocation per render); the caller's token is honoured too.</summary>
    public void CheckTime()
    {
        cancellation.ThrowIfCancellationRequested();
        if (System.Diagnostics.Stopwatch.GetTimestamp() > deadlineTimestamp)
        {
            throw new RenderTimeoutException();
        }
    }

    private int _writes;

    /// <summary>For writers: the clock is read every 64 writes, which keeps a plain render as fast as Fluid's own.</summary>
    public void CheckTimeEvery64()
    {
        if ((++_writes & 63) == 0)
        {
            CheckTime();
        }
    }

    public void CheckLength(long length)
    {
        CheckTimeEvery64();
        if (length > maxStringLength)
        {
            throw new RenderBudgetException($"A captured value grew past {maxStringLength:N0} characters; a value may have at most {maxStringLength:N0}.");
        }
    }

    public FluidValue Check(FluidValue value)
    {
        CheckTimeEvery64();
        switch (value)
        {
            case StringValue s when s.ToStringValue().Length > maxStringLength:
                throw new RenderBudgetException($"A value grew to {s.ToStringValue().Length:N0} characters; a value may have at most {maxStringLength:N0}.");
            case ArrayValue a when a.Values.Count > maxArrayLength:
                throw new RenderBudgetException($"A list grew to {a.Values.Count:N0} items; a list may have at most {maxArrayLength:N0}.");
            default:
                return value;
        }
    }

    public void CheckPlanned(string filter, FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        long planned;
        switch (filter)
        {
            case "join" when input is ArrayValue items:
                var separator = arguments.Count > 0 ? arguments.At(0).ToStringValue().Length : 1;
                planned = (long)Math.Max(0, items.Values.Count - 1) * separator;
                foreach (var item in items.Values)
                {
                    planned += item.ToStringValue().Length;
                    if (planned > maxStringLength)
                    {
                        break;
                    }
                }

                break;
            case "replace" or "replace_first" when arguments.Count > 0:
                var text = input.ToStringValue();
                var search = arguments.At(0).ToStringValue();
                var replacement = arguments.Count > 1 ? arguments.At(1).ToStringValue().Length : 0;
                var occurrences = search.Length == 0 ? text.Length + 1L : CountOf(text, search);
                if (filter == "replace_first")
                {
                    occurrences = Math.Min(occurrences, 1);
                }

                planned = text.Length + occurrences * Math.Max(0, replacement - search.Length);
                break;
            default:
                return;
        }

        if (planned > maxStringLength)
        {
            throw new RenderBudgetException($"'{filter}' would build {planned:N0} characters; a value may have at most {maxStringLength:N0}.");
        }
    }

    private static long CountOf(string text, string search)
    {
        long count = 0;
        for (var i = text.IndexOf(search, StringComparison.Ordinal); i >= 0; i = text.IndexOf(search, i + search.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>A render ran past its deadline.</summary>
internal sealed class RenderTimeoutException : Exception;

/// <summary>A render's context carrying its budget (a field, not an ambient dictionary: no allocation per render).</summary>
internal sealed class BudgetedTemplateContext(TemplateOptions options) : TemplateContext(options)
{
    public RenderBudget Budget { get; set; } = null!;
}
