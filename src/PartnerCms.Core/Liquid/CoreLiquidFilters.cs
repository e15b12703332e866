using System.Globalization;
using Fluid;
using Fluid.Values;

namespace PartnerCms.Core.Liquid;

/// <summary>Filters every template has: dates, money and mailto links.</summary>
public static class CoreLiquidFilters
{
    public static LiquidOptions AddCoreFilters(this LiquidOptions options) => options
        .AddFilter("long_date", LongDate)
        .AddFilter("money", Money)
        .AddFilter("mailto", MailTo);

    /// <summary><c>{{ offer.expires_on | long_date }}</c> → 31 December 2026.</summary>
    public static ValueTask<FluidValue> LongDate(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        input.TryGetDateTimeInput(context, out var date)
            ? new StringValue(date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture))
            : NilValue.Instance;

    /// <summary><c>{{ 1234.5 | money: "EUR" }}</c> → EUR 1,234.50.</summary>
    public static ValueTask<FluidValue> Money(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var currency = arguments.Count > 0 ? arguments.At(0).ToStringValue() : "USD";
        return new StringValue($"{currency} {input.ToNumberValue().ToString("N2", CultureInfo.InvariantCulture)}");
    }

    /// <summary><c>{{ partner.email | mailto: "Question about my offer" }}</c> → mailto:x@y.z?subject=Question%20about%20my%20offer.</summary>
    public static ValueTask<FluidValue> MailTo(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var address = input.ToStringValue();
        var subject = arguments.Count > 0 ? arguments.At(0).ToStringValue() : null;
        return new StringValue(string.IsNullOrEmpty(subject) ? $"mailto:{address}" : $"mailto:{address}?subject={Uri.EscapeDataString(subject)}");
    }
}
