using PartnerCms.Core.Validation;

namespace PartnerCms.Tests.Unit;

/// <summary>R1: company information is shown to customers, so phone, e-mail and web site are validated.</summary>
[Trait("Rule", "R1")]
public sealed class ContactValidationTests
{
    [Theory]
    [InlineData("+1 425 555 0100", true)]
    [InlineData("(425) 555-0100", true)]
    [InlineData("+353 1 555 0100", true)]
    [InlineData("555", false)]
    [InlineData("call me", false)]
    [InlineData("+1 425 555 0100 ext", false)]
    [InlineData("1234567890123456789", false)]
    [InlineData("--------", false)]
    public void Phone_numbers(string value, bool valid) => Assert.Equal(valid, new PhoneNumberAttribute().IsValid(value));

    [Theory]
    [InlineData("hello@contoso.com", true)]
    [InlineData("first.last+tag@sub.contoso.co.uk", true)]
    [InlineData("hello@contoso", false)]
    [InlineData("hello contoso.com", false)]
    [InlineData("@contoso.com", false)]
    [InlineData("a@b@contoso.com", false)]
    public void Email_addresses(string value, bool valid) => Assert.Equal(valid, new EmailAddressStrictAttribute().IsValid(value));

    [Theory]
    [InlineData("https://www.contoso.com", true)]
    [InlineData("http://contoso.com/partners?x=1", true)]
    [InlineData("www.contoso.com", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("ftp://contoso.com", false)]
    [InlineData("https://localhost", false)]
    [InlineData("https://user:pass@contoso.com", false)]
    public void Web_sites(string value, bool valid) => Assert.Equal(valid, new WebSiteAttribute().IsValid(value));

    [Fact]
    public void Empty_optional_values_are_left_to_Required()
    {
        Assert.True(new PhoneNumberAttribute().IsValid(""));
        Assert.True(new WebSiteAttribute().IsValid(null));
    }

    [Theory]
    [InlineData("US", true)]
    [InlineData("ie", true)]
    [InlineData("XX", false)]
    public void Countries_and_regions(string value, bool valid) => Assert.Equal(valid, new CountryOrRegionAttribute().IsValid(value));
}
