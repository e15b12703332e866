using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace PartnerCms.Core.Validation;

/// <summary>A telephone number a person can dial: digits with optional +, spaces, dashes, dots and brackets; 7 to 15 digits.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed partial class PhoneNumberAttribute : ValidationAttribute
{
    public PhoneNumberAttribute()
        : base("Enter a phone number such as +1 425 555 0100 (7 to 15 digits; spaces, dashes and brackets are fine).")
    {
    }

    public override bool IsValid(object? value)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var digits = text.Count(char.IsAsciiDigit);
        return Allowed().IsMatch(text.Trim()) && digits is >= 7 and <= 15;
    }

    [GeneratedRegex(@"^\+?[0-9(][0-9 ().\-]*[0-9]$", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex Allowed();
}

/// <summary>An e-mail address with a domain that has a dot: <c>sales@contoso.com</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed partial class EmailAddressStrictAttribute : ValidationAttribute
{
    public EmailAddressStrictAttribute()
        : base("Enter an e-mail address such as sales@contoso.com.")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string text || string.IsNullOrWhiteSpace(text) || (text.Length <= 254 && Pattern().IsMatch(text.Trim()));

    [GeneratedRegex(@"^[^@\s<>()\[\],;:""]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+$", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex Pattern();
}

/// <summary>An absolute http or https address with a real host name: <c>https://www.contoso.com</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class WebSiteAttribute : ValidationAttribute
{
    public WebSiteAttribute()
        : base("Enter a web address that starts with https:// or http://, such as https://www.contoso.com.")
    {
    }

    public override bool IsValid(object? value)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.HostNameType == UriHostNameType.Dns
            && uri.Host.Contains('.')
            && string.IsNullOrEmpty(uri.UserInfo);
    }
}

/// <summary>One of the codes in <see cref="CountriesAndRegions"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class CountryOrRegionAttribute : ValidationAttribute
{
    public CountryOrRegionAttribute()
        : base("Choose a country or region from the list.")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string code || string.IsNullOrWhiteSpace(code) || CountriesAndRegions.Find(code) is not null;
}
