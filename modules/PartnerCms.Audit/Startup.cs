using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Audit.Services;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Events;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Delegation.Models;

namespace PartnerCms.Audit;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.Configure<AuditOptions>(configuration.GetSection("Audit"));
        services.AddScoped<AuditLog>();
        services.AddPortalCommand<PartnerCms.Audit.Commands.AuditVerifyCommand>();
        services.AddSingleton<AuditBatchWriter>();
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditBatchWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditBatchWriter>());
        // One entry per transaction: entries advance a chain head per customer (see EventHandlerRegistration.Batched).
        services.AddEventHandler<AuditRecorded, AppendAuditEntry>(batched: false);
        services.AddRecurringJob<PruneAuditJob>();
    }
}

/// <summary>Relationship changes become audit entries while the delegation module is on.</summary>
[RequireModules("PartnerCms.Delegation")]
public sealed class DelegationAuditStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddEventHandler<DelegatedAdministrationOffered, AuditRelationshipChanges>(batched: false);
        services.AddEventHandler<DelegatedAdministrationAccepted, AuditRelationshipChanges>(batched: false);
        services.AddEventHandler<DelegatedAdministrationDeclined, AuditRelationshipChanges>(batched: false);
        services.AddEventHandler<DelegatedAdministrationRemoved, AuditRelationshipChanges>(batched: false);
        services.AddEventHandler<DelegatedRoleRemoved, AuditRelationshipChanges>(batched: false);
        services.AddEventHandler<DelegatedAdministrationExtended, AuditRelationshipChanges>(batched: false);
        services.AddEventHandler<DelegatedAdministrationLapsed, AuditRelationshipChanges>(batched: false);
        services.AddEventHandler<DelegatedAdministrationExpired, AuditRelationshipChanges>(batched: false);
    }
}
