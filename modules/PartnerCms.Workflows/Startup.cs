using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Net;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Activities;
using PartnerCms.Workflows.Models;
using PartnerCms.Workflows.Services;

namespace PartnerCms.Workflows;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddContentType(WorkflowDefinitionPart.ContentType, type =>
        {
            // Draftable only: the editor's draft is edited in place; each publish is a version.
            type.DisplayName = "Workflow definition";
            type.Draftable = true;
            type.WithPart<WorkflowDefinitionPart>();
        });
        services.AddScoped<ActivityCatalog>();
        services.AddSingleton<WorkflowDefinitionCache>();
        services.AddScoped<WorkflowValidator>();
        services.AddScoped<WorkflowDefinitionStore>();
        services.AddScoped<WorkflowRunner>();
        services.AddScoped<IWorkflowEventSink>(sp => sp.GetRequiredService<WorkflowRunner>());
        services.Configure<WorkflowSendLimits>(configuration.GetSection("Workflows:Limits"));
        services.AddScoped<WorkflowSendQuota>();
        services.AddScoped<IWorkflowSendQuota>(sp => sp.GetRequiredService<WorkflowSendQuota>());
        services.AddScoped<IWorkflowLimitsNotice>(sp => sp.GetRequiredService<WorkflowSendQuota>());
        services.AddDelayedJobHandler<WorkflowTimerJob>();
        services.AddWorkflowActivity<IfElse>();
        services.AddWorkflowActivity<Join>();
        services.AddWorkflowActivity<WaitForSignal>();
        services.Configure<SignalOptions>(configuration.GetSection("Workflows:Signals"));
        services.AddSingleton<WorkflowSignalLinks>();
        services.AddSingleton<IWorkflowSignalLinks>(sp => sp.GetRequiredService<WorkflowSignalLinks>());
        services.AddWorkflowActivity<SetVariable>();
        services.AddWorkflowActivity<Log>();
        services.AddWorkflowActivity<Activities.Timer>();
        services.Configure<WorkflowHttpOptions>(configuration.GetSection("Workflows:Http"));
        services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton(sp => new OutboundAddressGuard(
            () => sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<WorkflowHttpOptions>>().CurrentValue.AllowPrivateAddresses, sp.GetRequiredService<IHostAddressResolver>()));
        services.AddScoped<WorkflowSigningSecrets>();
        services.AddHttpClient(HttpRequest.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new System.Net.Http.SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<OutboundAddressGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddWorkflowActivity<HttpRequest>();
        services.AddRecipeStep<Recipes.WorkflowsRecipeStep>();
        services.Configure<WorkflowOptions>(configuration.GetSection("Workflows"));
        services.AddRecurringJob<PruneWorkflowInstancesJob>();
    }
}
