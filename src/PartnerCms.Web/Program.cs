using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Recipes;
using PartnerCms.Web;
using PartnerCms.Web.Data;

try
{
    // "dotnet PartnerCms.Web.dll audit verify --Database:…": an operator's command instead of the server.
    var (command, settings) = PortalCommands.Split(args);
    var builder = WebApplication.CreateBuilder(settings);
    builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>(InstalledModules.All);

    // Field names and validation messages read the portal's words to customers: a page that speaks a customer's
    // language (SpeaksVisitorLanguage) shows its labels and messages in it; every other page keeps the English key.
    builder.Services.Configure<Microsoft.AspNetCore.Mvc.DataAnnotations.MvcDataAnnotationsLocalizationOptions>(options =>
        options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(PartnerCms.Landing.LandingStrings)));
    if (command.Length > 0)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }

    var app = builder.Build();
    if (command.Length > 0)
    {
        return await app.RunPortalCommandAsync(command, Console.Out, Console.Error);
    }

    app.UsePartnerCms();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is ModuleDependencyException or RecipeException or DatabaseUnavailableException or DatabaseSchemaException)
{
    // A configuration problem the operator can fix: say what it is, without a stack trace.
    await Console.Error.WriteLineAsync($"PartnerCms could not start. {ex.Message}");
    return 1;
}

public partial class Program;
