using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace PartnerCms.Core.Hosting;

/// <summary>
/// Refuses input no page can use before anything binds it: a form that cannot be read (too many fields, keys too long,
/// a broken body), control characters such as NUL in a name or value (PostgreSQL cannot store them), and field names
/// with unbalanced brackets (model binding cannot parse them). The answer is a 400 with a message saying what is wrong,
/// on the site's error page; the form is set aside so that the error page itself never reads it.
/// </summary>
public sealed partial class RequestInputGuard(RequestDelegate next, ILogger<RequestInputGuard> logger)
{
    /// <summary>Where the error page finds the message for the user.</summary>
    public const string MessageKey = "PartnerCms.BadInput";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            return next(context);
        }

        // The raw query string is looked at first: only one with an escape or a bracket is parsed and checked, so the
        // landing page's hot path (?advisor=…&sig=…) pays a scan, not a parse, and passes on without a state machine.
        var raw = context.Request.QueryString.Value;
        var suspectQuery = !string.IsNullOrEmpty(raw) && raw.AsSpan().IndexOfAny('%', '[', ']') >= 0;
        return suspectQuery || context.Request.HasFormContentType ? CheckAsync(context, suspectQuery) : next(context);
    }

    private async Task CheckAsync(HttpContext context, bool suspectQuery)
    {
        var problem = suspectQuery
            ? Check(context.Request.Query.SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? string.Empty))), "address")
            : null;
        if (problem is null && context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                problem = Check(form.SelectMany(f => f.Value.Select(v => (f.Key, Value: v ?? string.Empty))), "form");
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or DecoderFallbackException)
            {
                // The framework's form reader refuses NUL and other invalid characters itself ("The form value contains
                // invalid characters"); anything else is a body it could not read.
                problem = ex.Message.Contains("invalid characters", StringComparison.OrdinalIgnoreCase)
                    ? "The form contains a character that cannot be saved (a control character such as NUL). Remove it and try again."
                    : "The form could not be read (it may be too large or have too many fields). Reload the page and try again.";
            }
        }

        if (problem is null)
        {
            await next(context);
            return;
        }

        logger.LogInformation("Refused input on {Method} {Path} (request {RequestId}): {Problem}", context.Request.Method, context.Request.Path, context.TraceIdentifier, problem);
        context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
        context.Items[MessageKey] = problem;
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private static string? Check(IEnumerable<(string Key, string Value)> fields, string where)
    {
        foreach (var (key, value) in fields)
        {
            if (!FieldName().IsMatch(key) || HasControlCharacter(key))
            {
                return $"The {where} has a field name that cannot be read ({Shown(key)}). Reload the page and try again.";
            }

            if (HasControlCharacter(value))
            {
                return $"The {where} field '{Shown(key)}' contains a character that cannot be saved (a control character such as NUL). Remove it and try again.";
            }
        }

        return null;
    }

    private static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' && c is not ('\t' or '\r' or '\n'))
            {
                return true;
            }
        }

        return false;
    }

    private static string Shown(string key)
    {
        var clean = new string(key.Where(c => !char.IsControl(c)).Take(60).ToArray());
        return clean.Length == 0 ? "(blank)" : clean;
    }

    /// <summary>Names as forms and model binding use them: <c>Input.Address.City</c>, <c>Licences[EMS-E3]</c>, <c>Lines[0].Sku</c>.</summary>
    [GeneratedRegex(@"^[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*$", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex FieldName();
}
