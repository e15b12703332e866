using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Web.Data;

/// <summary>The SQLite flavour of the model; owns Migrations/Sqlite.</summary>
public sealed class SqlitePartnerCmsDbContext(
    DbContextOptions<SqlitePartnerCmsDbContext> options, InstalledModuleAssemblies modules, ICurrentOrganization currentOrganization)
    : PartnerCmsDbContext(options, modules, currentOrganization);

/// <summary>The PostgreSQL flavour of the model; owns Migrations/Postgres.</summary>
public sealed class PostgresPartnerCmsDbContext(
    DbContextOptions<PostgresPartnerCmsDbContext> options, InstalledModuleAssemblies modules, ICurrentOrganization currentOrganization)
    : PartnerCmsDbContext(options, modules, currentOrganization);
