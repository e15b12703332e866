using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace PartnerCms.Core.Export;

/// <summary>
/// CSV downloads (RFC 4180, UTF-8 with a byte-order mark for spreadsheets), written by CsvHelper with its
/// formula-injection escaping: a cell a user typed that starts with = + - @ or a tab is prefixed with an apostrophe, so a
/// spreadsheet shows it as text instead of running it.
/// </summary>
public static class CsvExport
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        NewLine = "\r\n",
    };

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = new CsvWriter(text, Configuration))
        {
            foreach (var title in header)
            {
                csv.WriteField(title);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field);
                }

                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }
}
