using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;

namespace PartnerCms.Tests.Unit;

public sealed class OfferPresentationTests
{
    [Fact]
    [Trait("Rule", "R9")]
    public void Open_in_email_percent_encodes_subject_and_body_with_crlf_line_breaks()
    {
        var href = OfferPresenter.MailTo("Offer & trial: 50% off?", "Hello,\nOpen https://portal.example/offers/Q-7K4-92M?advisor=4412345&sig=a_b-c\n\nThanks");

        Assert.Equal(
            "mailto:?subject=Offer%20%26%20trial%3A%2050%25%20off%3F&body=Hello%2C%0D%0AOpen%20https%3A%2F%2Fportal.example%2Foffers%2FQ-7K4-92M%3Fadvisor%3D4412345%26sig%3Da_b-c%0D%0A%0D%0AThanks",
            href);
    }

    [Fact]
    [Trait("Rule", "R9")]
    public void A_message_too_long_for_mail_programs_gets_no_mailto_link()
    {
        Assert.NotNull(OfferPresenter.MailTo("s", new string('a', 1900)));
        Assert.Null(OfferPresenter.MailTo("s", new string('a', OfferPresenter.MaxMailToLength)));
        Assert.Null(OfferPresenter.MailTo("s", new string('é', 400)));
    }

    [Theory]
    [Trait("Area", "Hardening")]
    [InlineData("Contoso", "Contoso")]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+1 425", "'+1 425")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Redmond, WA", "Redmond, WA")]
    [InlineData("line one\nline \"two\"", "line one\nline \"two\"")]
    public void Csv_cells_survive_a_round_trip_and_are_never_read_as_formulas(string value, string expected)
    {
        var row = new OfferRow("id", "Q-1", OfferKind.PurchaseOffer, OfferStatus.Active, "office", value, "sales@contoso.example", new DateTime(2026, 11, 30), null, 3, 1, 2, 10, 0);

        var bytes = CommerceCsv.Write([row]);

        Assert.Equal(System.Text.Encoding.UTF8.GetPreamble(), bytes[..3]);
        using var reader = new CsvHelper.CsvReader(new StreamReader(new MemoryStream(bytes)), System.Globalization.CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        reader.Read();
        Assert.Equal(expected, reader.GetField("Office"));
        Assert.Equal("10", reader.GetField("Licences"));
    }
}
