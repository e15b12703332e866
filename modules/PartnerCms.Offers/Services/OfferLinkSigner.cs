using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace PartnerCms.Offers.Services;

/// <summary>
/// Signs offer links (R9, R10): the link carries the Quote ID and the partner's advisor code, and a signature made with
/// the site's data-protection keys (shared by every node through the database), so a changed or invented link is
/// refused. Nothing in it names a customer.
/// </summary>
public sealed class OfferLinkSigner(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PartnerCms.Offers.Link.v1");

    public string PathFor(string quoteId, string advisorCode, string? signature = null) =>
        $"/offers/{Uri.EscapeDataString(quoteId)}?advisor={Uri.EscapeDataString(advisorCode)}&sig={signature ?? Sign(quoteId, advisorCode)}";

    public string Sign(string quoteId, string advisorCode) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(Payload(quoteId, advisorCode))));

    /// <summary>True only for a signature this site made for exactly this Quote ID and advisor code.</summary>
    public bool IsValid(string? quoteId, string? advisorCode, string? signature)
    {
        if (string.IsNullOrEmpty(quoteId) || string.IsNullOrEmpty(advisorCode) || string.IsNullOrEmpty(signature) || signature.Length > 512)
        {
            return false;
        }

        try
        {
            var expected = Encoding.UTF8.GetBytes(Payload(quoteId, advisorCode));
            var actual = _protector.Unprotect(WebEncoders.Base64UrlDecode(signature));
            return CryptographicOperations.FixedTimeEquals(expected, actual);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }

    private static string Payload(string quoteId, string advisorCode) => $"{quoteId}\n{advisorCode}";
}
