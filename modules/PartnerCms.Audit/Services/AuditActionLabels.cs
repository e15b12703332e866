namespace PartnerCms.Audit.Services;

/// <summary>
/// An action's code in words for the audit viewer: <c>customer.password-reset</c> reads "Customer: password reset".
/// The code stays what entries, filters and the CSV store; only the page shows the words.
/// </summary>
public static class AuditActionLabels
{
    public static string Label(string action)
    {
        if (string.IsNullOrWhiteSpace(action))
        {
            return "—";
        }

        var dot = action.IndexOf('.', StringComparison.Ordinal);
        var subject = dot > 0 ? action[..dot] : string.Empty;
        var verb = (dot > 0 ? action[(dot + 1)..] : action).Replace('-', ' ').Replace('.', ' ').Replace('_', ' ');
        if (subject.Length == 0)
        {
            return Capitalize(verb);
        }

        return Capitalize(subject.Replace('-', ' ').Replace('_', ' ')) + ": " + verb;
    }

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text[1..]);
}
