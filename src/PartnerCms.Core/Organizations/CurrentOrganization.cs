using Microsoft.AspNetCore.Http;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Organizations;

/// <summary>
/// Whose data this unit of work may see. In a request: the signed-in user's organization. Two narrow ways out, each
/// ended by disposing the handle: <see cref="RunAs"/> (act for one other organization, after the caller has checked it
/// may — a partner's delegated administrator on a customer) and <see cref="RunAsSystem"/> (recipes, start-up,
/// background jobs: every organization). A single cross-organization read uses
/// <see cref="Data.CrossOrganization.AcrossOrganizations{T}"/> instead.
/// </summary>
public interface ICurrentOrganization
{
    string? OrganizationId { get; }

    bool IsSystem { get; }

    /// <summary>Lifts the organization filter until the returned handle is disposed.</summary>
    IDisposable RunAsSystem();

    /// <summary>Sees <paramref name="organizationId"/>'s data (only) until the returned handle is disposed.</summary>
    IDisposable RunAs(string organizationId);
}

public sealed class CurrentOrganization(IHttpContextAccessor httpContextAccessor) : ICurrentOrganization
{
    private readonly Stack<string?> _scopes = new();

    /// <summary>Null (nothing) for anonymous requests and background work outside a scope; null with IsSystem for the system.</summary>
    public string? OrganizationId => _scopes.TryPeek(out var scoped) ? scoped : httpContextAccessor.HttpContext?.User.GetOrganizationId();

    public bool IsSystem => _scopes.TryPeek(out var scoped) && scoped is null;

    public IDisposable RunAsSystem() => Push(null);

    public IDisposable RunAs(string organizationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        return Push(organizationId);
    }

    private Scope Push(string? organizationId)
    {
        _scopes.Push(organizationId);
        return new Scope(this);
    }

    private sealed class Scope(CurrentOrganization owner) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                owner._scopes.Pop();
            }
        }
    }
}
