using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Mail.Services;

namespace PartnerCms.Mail;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.Configure<MailOptions>(configuration.GetSection("Mail"));
        services.AddSingleton<MailSignal>();
        services.AddSingleton<IMailTransport, ConfiguredMailTransport>();
        services.AddScoped<MailQueue>();
        services.AddScoped<WorkflowMail>();
        services.AddScoped<MailAdministration>();
        services.AddSingleton<MailDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MailDispatcher>());
        services.AddRecurringJob<PruneSentMailJob>();
    }
}
