using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PartnerCms.Core.Hosting;

/// <summary>
/// Every unexpected exception is logged once, at Error, with the request id the error page shows the user, so that a
/// report ("request 0HN…") leads to the stack trace. The site's error page (or ProblemDetails) is then rendered as usual.
/// </summary>
public sealed class LoggingExceptionHandler(ILogger<LoggingExceptionHandler> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Request {RequestId} ({Method} {Path}) was cancelled by the client.", httpContext.TraceIdentifier, httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogError(exception, "Unexpected error in request {RequestId}: {Method} {Path}", httpContext.TraceIdentifier, httpContext.Request.Method, httpContext.Request.Path);
        }

        return ValueTask.FromResult(false);
    }
}
