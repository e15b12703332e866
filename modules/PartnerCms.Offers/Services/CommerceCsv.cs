using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace PartnerCms.Offers.Services;

/// <summary>
/// The commerce dashboard's CSV (RFC 4180, UTF-8 with a byte-order mark for spreadsheets), written by CsvHelper with its
/// formula-injection escaping: a cell a partner user typed (an office name, a user name) that starts with = + - @ or a
/// tab is prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it.
/// </summary>
public static class CommerceCsv
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        NewLine = "\r\n",
    };

    private static readonly string[] Header =
        ["Quote ID", "Kind", "Status", "Office", "Created by", "Created (UTC)", "Expires (UTC)", "Views", "Sign-ups", "Acceptances", "Licences", "Delegated administration accepted"];

    public static byte[] Write(IEnumerable<OfferRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = new CsvWriter(text, Configuration))
        {
            foreach (var title in Header)
            {
                csv.WriteField(title);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                csv.WriteField(row.QuoteId);
                csv.WriteField(row.Kind.ToString());
                csv.WriteField(row.Status.ToString());
                csv.WriteField(row.OfficeName);
                csv.WriteField(row.CreatedBy);
                csv.WriteField(row.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                csv.WriteField(row.ExpiresUtc?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(row.Views);
                csv.WriteField(row.SignUps);
                csv.WriteField(row.Acceptances);
                csv.WriteField(row.Licences);
                csv.WriteField(row.DelegatedAdministrationAccepted);
                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }
}
