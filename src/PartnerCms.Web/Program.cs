using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Recipes;
using PartnerCms.Web;
using PartnerCms.Web.Data;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>(InstalledModules.All);
    var app = builder.Build();
    app.UsePartnerCms();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is ModuleDependencyException or RecipeException or DatabaseUnavailableException)
{
    // A configuration problem the operator can fix: say what it is, without a stack trace.
    await Console.Error.WriteLineAsync($"PartnerCms could not start. {ex.Message}");
    return 1;
}

public partial class Program;
