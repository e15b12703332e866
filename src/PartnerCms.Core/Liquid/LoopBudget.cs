using Fluid;
using Fluid.Ast;

namespace PartnerCms.Core.Liquid;

/// <summary>
/// Liquid has no while loop, so a render can only run away in for-loops over huge ranges. Fluid counts steps per
/// statement, not per iteration, so an empty loop over (1..100000000) would not be stopped in time: templates whose
/// literal ranges (nested ones multiplied) repeat more than the budget are refused when they are parsed.
/// </summary>
internal sealed class LoopBudget(long maxIterations) : AstVisitor
{
    private long _enclosing = 1;

    public string? Problem { get; private set; }

    public static string? Check(IFluidTemplate template, long maxIterations)
    {
        var budget = new LoopBudget(maxIterations);
        budget.VisitTemplate(template);
        return budget.Problem;
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        var saved = _enclosing;
        if (LiteralSize(forStatement) is { } size)
        {
            _enclosing = size > 0 && _enclosing > long.MaxValue / size ? long.MaxValue : _enclosing * size;
            if (_enclosing > maxIterations && Problem is null)
            {
                Problem = $"The loop over '{forStatement.Identifier}' repeats {Describe(_enclosing)} times; a message may repeat at most {maxIterations:N0} times in all.";
            }
        }

        var result = base.VisitForStatement(forStatement);
        _enclosing = saved;
        return result;
    }

    private static long? LiteralSize(ForStatement forStatement)
    {
        var range = forStatement.Range ?? forStatement.Source as RangeExpression;
        if (range?.From is not LiteralExpression from || range.To is not LiteralExpression to)
        {
            return null;
        }

        var size = (long)Math.Max(0, Math.Min(long.MaxValue / 2, (double)(to.Value.ToNumberValue() - from.Value.ToNumberValue()) + 1));
        if (forStatement.Limit is LiteralExpression limit)
        {
            size = Math.Min(size, (long)limit.Value.ToNumberValue());
        }

        return size;
    }

    private static string Describe(long count) => count == long.MaxValue ? "too many" : count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
