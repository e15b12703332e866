using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Content;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Data;

/// <summary>
/// The one database context. Its model is the framework's entities plus every entity configuration
/// (<see cref="IEntityTypeConfiguration{TEntity}"/>) found in the installed modules' assemblies — installed, not
/// only enabled, so switching a module off never changes the schema. Each provider has a thin subclass in the
/// host that owns that provider's migrations.
/// </summary>
public abstract class PartnerCmsDbContext : IdentityDbContext<PartnerCmsUser, IdentityRole, string>, IDataProtectionKeyContext
{
    private readonly InstalledModuleAssemblies _modules;
    private readonly ICurrentOrganization? _currentOrganization;

    protected PartnerCmsDbContext(DbContextOptions options, InstalledModuleAssemblies modules, ICurrentOrganization? currentOrganization)
        : base(options)
    {
        _modules = modules;
        _currentOrganization = currentOrganization;
    }

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationDomain> OrganizationDomains => Set<OrganizationDomain>();

    public DbSet<ContentItemRecord> ContentItems => Set<ContentItemRecord>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // Read by the organization query filter at every query (EF parameterizes members of the context).
    internal string? CurrentOrganizationId => _currentOrganization?.OrganizationId;

    internal bool OrganizationFilterLifted => _currentOrganization is null || _currentOrganization.IsSystem;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PartnerCmsDbContext).Assembly);
        foreach (var assembly in _modules.Assemblies)
        {
            builder.ApplyConfigurationsFromAssembly(assembly);
        }

        // Every organization-owned entity gets the named organization filter: rows of the current organization only.
        foreach (var entityType in builder.Model.GetEntityTypes().Where(e => e.BaseType is null).ToList())
        {
            var clrType = entityType.ClrType;
            string[]? owners = typeof(IOrganizationScoped).IsAssignableFrom(clrType) ? [nameof(IOrganizationScoped.OrganizationId)]
                : typeof(IPartnerCustomerScoped).IsAssignableFrom(clrType) ? [nameof(IPartnerCustomerScoped.PartnerOrganizationId), nameof(IPartnerCustomerScoped.CustomerOrganizationId)]
                : clrType == typeof(Organization) ? [nameof(Organization.Id)]
                : null;
            if (owners is not null)
            {
                builder.Entity(clrType).HasQueryFilter(CrossOrganization.FilterName, OrganizationFilter(clrType, owners));
            }
        }
    }

    private LambdaExpression OrganizationFilter(Type clrType, string[] ownerProperties)
    {
        // e => context.OrganizationFilterLifted || e.Owner1 == context.CurrentOrganizationId || e.Owner2 == …
        var entity = Expression.Parameter(clrType, "e");
        var context = Expression.Constant(this);
        var current = Expression.Property(context, nameof(CurrentOrganizationId));
        Expression body = Expression.Property(context, nameof(OrganizationFilterLifted));
        foreach (var owner in ownerProperties)
        {
            body = Expression.OrElse(body, Expression.Equal(Expression.Property(entity, owner), current));
        }

        return Expression.Lambda(body, entity);
    }
}

/// <summary>The assemblies of every installed module, whose entity configurations form the model.</summary>
public sealed class InstalledModuleAssemblies(IEnumerable<Assembly> assemblies)
{
    /// <summary>Only the assemblies that define entity configurations.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; } = assemblies.Distinct().Where(DefinesEntities).ToList();

    private static bool DefinesEntities(Assembly assembly) =>
        assembly.GetTypes().Any(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)));
}
