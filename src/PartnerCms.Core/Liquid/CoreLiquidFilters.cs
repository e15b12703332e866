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
        .AddFilter("mailto", MailTo)
        .AddFilter("t", Translate);

    /// <summary>
    /// <c>{{ "Questions? Contact {0}" | t: partner.name }}</c>: the portal's own text in the page's language (the
    /// resource files of the customer-facing pages), with its arguments put in; the text itself where none is written.
    /// </summary>
    public static ValueTask<FluidValue> Translate(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var text = input.ToStringValue();
        var scope = LiquidCulture.Current;
        var localized = scope?.Localizer is { } localizer ? localizer[text].Value : text;
        if (arguments.Count == 0)
        {
            return new StringValue(localized);
        }

        var values = arguments.Values.Select(v => (object?)v.ToStringValue()).ToArray();
        try
        {
            return new StringValue(string.Format(scope?.Culture ?? CultureInfo.InvariantCulture, localized, values));
        }
        catch (FormatException)
        {
            // A text whose placeholders do not match its arguments (a partner's own layout): said as written.
            return new StringValue(localized);
        }
    }

    /// <summary><c>{{ offer.expires_on | long_date }}</c> → 31 December 2026.</summary>
    public static ValueTask<FluidValue> LongDate(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        input.TryGetDateTimeInput(context, out var date)
            ? new StringValue(date.ToString(LongDatePattern(LiquidCulture.Current?.Culture), LiquidCulture.Current?.Culture ?? CultureInfo.InvariantCulture))
            : NilValue.Instance;

    /// <summary>The culture's long date without the weekday (31. Dezember 2026, 31 décembre 2026); 31 December 2026 in English.</summary>
    public static string LongDatePattern(CultureInfo? culture)
    {
        if (culture is null || culture.TwoLetterISOLanguageName is "en" or "iv")
        {
            return "d MMMM yyyy";
        }

        var pattern = culture.DateTimeFormat.LongDatePattern;
        foreach (var weekday in new[] { "dddd, ", "dddd ", ", dddd", "dddd" })
        {
            pattern = pattern.Replace(weekday, string.Empty, StringComparison.Ordinal);
        }

        return pattern.Trim();
    }

    /// <summary><c>{{ 1234.5 | money: "EUR" }}</c> → EUR 1,234.50.</summary>
    public static ValueTask<FluidValue> Money(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var currency = arguments.Count > 0 ? arguments.At(0).ToStringValue() : "USD";
        return new StringValue($"{currency} {input.ToNumberValue().ToString("N2", LiquidCulture.Current?.Culture ?? CultureInfo.InvariantCulture)}");
    }

    /// <summary><c>{{ partner.email | mailto: "Question about my offer" }}</c> → mailto:x@y.z?subject=Question%20about%20my%20offer.</summary>
    public static ValueTask<FluidValue> MailTo(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var address = input.ToStringValue();
        var subject = arguments.Count > 0 ? arguments.At(0).ToStringValue() : null;
        return new StringValue(string.IsNullOrEmpty(subject) ? $"mailto:{address}" : $"mailto:{address}?subject={Uri.EscapeDataString(subject)}");
    }
}
