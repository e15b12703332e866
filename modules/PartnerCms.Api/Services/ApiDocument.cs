using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PartnerCms.Api.Abstractions;

namespace PartnerCms.Api.Services;

/// <summary>The OpenAPI document of /api/v1: only the API's endpoints, the client-credentials security scheme, each operation's scope.</summary>
internal static class ApiDocument
{
    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "PartnerCms API",
                Version = "v1",
                Description = "Offers, acceptances, customers, delegated relationships, service requests and audit entries of one organization. "
                    + "Get a token with the client credentials of an API client (Account portal → API clients) at POST /connect/token.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes["oauth2"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("/connect/token", UriKind.Relative),
                        Scopes = ApiScopes.All.ToDictionary(s => s, s => s, StringComparer.Ordinal),
                    },
                },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var scope = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredScopeMetadata>().FirstOrDefault()?.Scope;
            if (scope is not null)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("oauth2", context.Document)] = [scope] });
                operation.Description = (operation.Description is null ? string.Empty : operation.Description + " ") + $"Scope: {scope}.";
            }

            return Task.CompletedTask;
        });
    }
}
