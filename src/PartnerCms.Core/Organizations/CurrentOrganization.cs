using Microsoft.AspNetCore.Http;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Organizations;

/// <summary>
/// Whose data this unit of work may see. In a request: the signed-in user's organization.
/// Recipes and start-up tasks run as the system, which sees every organization.
/// </summary>
public interface ICurrentOrganization
{
    string? OrganizationId { get; }

    bool IsSystem { get; }

    /// <summary>Lifts the organization filter until the returned handle is disposed.</summary>
    IDisposable RunAsSystem();
}

public sealed class CurrentOrganization(IHttpContextAccessor httpContextAccessor) : ICurrentOrganization
{
    private int _systemDepth;

    public string? OrganizationId => IsSystem ? null : httpContextAccessor.HttpContext?.User.GetOrganizationId();

    public bool IsSystem => _systemDepth > 0;

    public IDisposable RunAsSystem()
    {
        _systemDepth++;
        return new SystemScope(this);
    }

    private sealed class SystemScope(CurrentOrganization owner) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                owner._systemDepth--;
            }
        }
    }
}
