using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerCms.Api.Abstractions;

/// <summary>A module's endpoints under <c>/api/v1</c> (the group is already authenticated as an API client, rate limited and idempotent).</summary>
public interface IApiEndpoints
{
    void Map(RouteGroupBuilder v1);
}

/// <summary>Endpoint metadata: the scope an endpoint needs (shown in the OpenAPI document, checked by <see cref="ApiEndpointExtensions.RequireScope{TBuilder}"/>).</summary>
public sealed record RequiredScopeMetadata(string Scope);

public static class ApiEndpointExtensions
{
    /// <summary>Refuses (403 ProblemDetails) a caller whose token lacks <paramref name="scope"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequiredScopeMetadata(scope));
        builder.Add(endpoint =>
        {
            var previous = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context => context.User.HasScope(scope)
                ? previous(context)
                : ApiProblems.Forbidden($"This client's token does not have the scope '{scope}'.").ExecuteAsync(context);
        });
        return builder;
    }
}

public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddApiEndpoints<T>(this IServiceCollection services) where T : class, IApiEndpoints
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IApiEndpoints, T>());
        return services;
    }

    /// <summary>A module grants <paramref name="scope"/> to clients registered by someone holding <paramref name="permission"/>.</summary>
    public static IServiceCollection AddApiScope(this IServiceCollection services, string scope, string description, string permission)
    {
        if (!ApiScopes.All.Contains(scope, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{scope}' is not one of the API's scopes.", nameof(scope));
        }

        services.AddSingleton(new ApiScopeGrant(scope, description, permission));
        return services;
    }
}
