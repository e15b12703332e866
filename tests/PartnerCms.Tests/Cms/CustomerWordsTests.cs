using System.Globalization;
using PartnerCms.Landing;

namespace PartnerCms.Tests.Cms;

/// <summary>
/// Services write English; a customer's page shows their message in its language by recognising the format it was
/// written with — the typed values kept, short titles never used as patterns, English and unknown text left alone.
/// </summary>
[Trait("Area", "Cms")]
public sealed class CustomerWordsTests
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Theory]
    [InlineData("de-DE", "The user does not exist.", "Der Benutzer existiert nicht.")]
    [InlineData("de-DE", "fabrikam-de.example has been added.", "fabrikam-de.example wurde hinzugefügt.")]
    [InlineData("fr-FR", "Intune Plan 1 now has 1,000 licences.", "Intune Plan 1 compte désormais 1,000 licences.")]
    [InlineData("de-DE", "Your user name must be an address at x.example, such as admin@x.example.", "Ihr Benutzername muss eine Adresse in x.example sein, etwa admin@x.example.")]
    [InlineData("de-DE", "Offer withdrawn by someone", "Offer withdrawn by someone")]
    [InlineData("de-DE", "Try again later", "Try again later")]
    [InlineData("en-US", "The user does not exist.", "The user does not exist.")]
    public void A_message_is_said_in_the_language_with_its_values(string culture, string english, string expected) =>
        Assert.Equal(expected, CustomerWords.Say(english, CultureInfo.GetCultureInfo(culture)));

    [Fact]
    public void A_value_that_is_itself_a_key_is_translated_and_hostile_values_stay_as_typed()
    {
        Assert.Equal("Das Feld „Anzeigename“ ist erforderlich.", CustomerWords.Say("The Display name field is required.", German));
        Assert.Equal("{0} <script> wurde hinzugefügt.", CustomerWords.Say("{0} <script> has been added.", German));
        var huge = new string('x', 5000) + " has been added.";
        Assert.Same(huge, CustomerWords.Say(huge, French));
        Assert.Equal(string.Empty, CustomerWords.Say(null, German));
        Assert.True(CustomerWords.Translates(French));
        Assert.False(CustomerWords.Translates(CultureInfo.InvariantCulture));
    }
}
