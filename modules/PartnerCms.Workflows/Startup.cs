using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Workflows;
using PartnerCms.Workflows.Activities;

namespace PartnerCms.Workflows;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddSingleton<ActivityCatalog>();
        services.AddScoped<WorkflowEngine>();
        services.AddDelayedJobHandler<WorkflowTimerJob>();
        services.AddWorkflowActivity<IfElse>();
        services.AddWorkflowActivity<SetVariable>();
        services.AddWorkflowActivity<Log>();
        services.AddWorkflowActivity<Activities.Timer>();
        services.AddRecipeStep<Recipes.WorkflowsRecipeStep>();
        services.Configure<WorkflowOptions>(configuration.GetSection("Workflows"));
        services.AddRecurringJob<PruneWorkflowInstancesJob>();
    }
}
