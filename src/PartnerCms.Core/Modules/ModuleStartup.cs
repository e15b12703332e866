using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerCms.Core.Modules;

/// <summary>
/// Composes one module: its services, its middleware and its endpoints. Each module has the startup its manifest names;
/// it may have more, marked <see cref="RequireModulesAttribute"/>, that run only when the named modules are on too
/// (what a module contributes to another one: workflow activities, audit sinks).
/// </summary>
public abstract class ModuleStartup
{
    /// <summary>Where this startup's middleware runs among the modules' middleware: lower first.</summary>
    public virtual int Order => 0;

    public virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>
    /// Adds the module's middleware. It runs after authentication (the user is known, the endpoint chosen) and before
    /// authorization, so it can set what the request acts on (an on-behalf session, a theme) before permissions are checked.
    /// </summary>
    public virtual void Configure(IApplicationBuilder app)
    {
    }

    public virtual void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}

/// <summary>This startup runs only when every named module is installed and on (Orchard's [RequireFeatures]).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RequireModulesAttribute(params string[] moduleIds) : Attribute
{
    public IReadOnlyList<string> ModuleIds { get; } = moduleIds;
}
