using System.Runtime.CompilerServices;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace PartnerCms.Core.Liquid;

/// <summary>
/// What a parsed template may contain and how its values may grow. Refuses <c>include</c> and <c>render</c> (a message
/// has no files to include), and rewrites every range into one that refuses to build more numbers than the budget
/// before it allocates them (Fluid would otherwise build <c>(1..1000000000)</c> in memory).
/// </summary>
internal sealed class TemplateGuard(int maxArrayLength) : AstRewriter
{
    public string? Problem { get; private set; }

    public static (IFluidTemplate Template, string? Problem) Apply(IFluidTemplate template, int maxArrayLength)
    {
        var guard = new TemplateGuard(maxArrayLength);
        var rewritten = guard.VisitTemplate(template);
        return (rewritten, guard.Problem);
    }

    protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
    {
        Problem ??= "{% include %} is not available in messages: write the text here instead.";
        return includeStatement;
    }

    protected override Statement VisitRenderStatement(RenderStatement renderStatement)
    {
        Problem ??= "{% render %} is not available in messages: write the text here instead.";
        return renderStatement;
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        var statements = captureStatement.Statements.Select(Visit).ToList();
        return new BudgetedCaptureStatement(captureStatement.Identifier, statements);
    }

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression) =>
        new BudgetedRangeExpression(Visit(rangeExpression.From), Visit(rangeExpression.To), maxArrayLength);
}

/// <summary>A range that checks its size before it builds its numbers.</summary>
internal sealed class BudgetedRangeExpression(Expression from, Expression to, int maxLength) : Expression
{
    public override ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var fromTask = from.EvaluateAsync(context);
        var toTask = to.EvaluateAsync(context);
        return fromTask.IsCompletedSuccessfully && toTask.IsCompletedSuccessfully
            ? new ValueTask<FluidValue>(Build(fromTask.Result, toTask.Result))
            : Awaited(fromTask, toTask);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<FluidValue> Awaited(ValueTask<FluidValue> fromTask, ValueTask<FluidValue> toTask) => Build(await fromTask, await toTask);

    private ArrayValue Build(FluidValue fromValue, FluidValue toValue)
    {
        var start = fromValue.ToNumberValue();
        var end = toValue.ToNumberValue();
        if (start < int.MinValue || start > int.MaxValue || end < int.MinValue || end > int.MaxValue)
        {
            throw new RenderBudgetException($"The range ({start}..{end}) is out of bounds.");
        }

        var size = Math.Max(0, (long)end - (long)start + 1);
        if (size > maxLength)
        {
            throw new RenderBudgetException($"The range ({(long)start}..{(long)end}) holds {size:N0} numbers; a range may hold at most {maxLength:N0}.");
        }

        var values = new FluidValue[size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = NumberValue.Create((int)start + i);
        }

        return new ArrayValue(values);
    }

    protected override Expression Accept(AstVisitor visitor) => visitor.VisitOtherExpression(this);
}

/// <summary>A capture that writes into a bounded buffer: it stops at the budget instead of filling memory first.</summary>
internal sealed class BudgetedCaptureStatement(string identifier, IReadOnlyList<Statement> statements) : TagStatement(statements)
{
    public override async ValueTask<Completion> WriteToAsync(TextWriter writer, System.Text.Encodings.Web.TextEncoder encoder, TemplateContext context)
    {
        var budget = RenderBudget.Of(context);
        using var buffer = new BoundedStringWriter(budget);
        var completion = Completion.Normal;
        foreach (var statement in Statements)
        {
            completion = await statement.WriteToAsync(buffer, encoder, context);
            if (completion != Completion.Normal)
            {
                break;
            }
        }

        FluidValue result = new StringValue(buffer.ToString(), false);
        if (context.Captured is { } captured)
        {
            result = await captured(identifier, result, context);
        }

        context.SetValue(identifier, result);
        return completion;
    }
}

/// <summary>A string writer that refuses to grow past the render's string budget and checks the deadline.</summary>
internal sealed class BoundedStringWriter(RenderBudget budget) : CheckedStringWriter(new System.Text.StringBuilder())
{
    protected override void Check(int adding) => budget.CheckLength(GetStringBuilder().Length + (long)adding);
}

/// <summary>A string writer that asks <see cref="Check"/> before every write (sync and async alike).</summary>
internal abstract class CheckedStringWriter(System.Text.StringBuilder builder) : StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture)
{
    protected abstract void Check(int adding);

    public override void Write(char value)
    {
        Check(1);
        base.Write(value);
    }

    public override void Write(string? value)
    {
        Check(value?.Length ?? 0);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Check(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Check(buffer.Length);
        base.Write(buffer);
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }
}

/// <summary>A render went over one of its budgets (size of a value, time); the message says which.</summary>
internal sealed class RenderBudgetException(string message) : Exception(message);
