using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PartnerCms.Api.Abstractions;

/// <summary>The API's errors as RFC 9457 ProblemDetails: a title, a detail in plain words, field errors where a field is wrong.</summary>
public static class ApiProblems
{
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "Some fields are not valid; see errors.", title: "The request is not valid.");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static ProblemHttpResult NotFound(string what) => TypedResults.Problem($"There is no {what} with that id for this organization.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.");

    public static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        "The resource changed since you read it (its ETag differs from If-Match). Read it again and retry.", statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed.");

    public static ProblemHttpResult Unprocessable(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unprocessable.");
}
