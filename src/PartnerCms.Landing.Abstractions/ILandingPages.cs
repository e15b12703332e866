
namespace PartnerCms.Landing;

/// <summary>Forgets rendered landing pages (the offers module caches them) when what they show changed.</summary>
public interface ILandingPages
{
    ValueTask ForgetOrganizationAsync(string organizationId, CancellationToken cancellationToken = default);

    ValueTask ForgetAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>Without the offers module there are no landing pages to forget: what the branding module uses then.</summary>
public sealed class NoLandingPages : ILandingPages
{
    public ValueTask ForgetOrganizationAsync(string organizationId, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask ForgetAllAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
