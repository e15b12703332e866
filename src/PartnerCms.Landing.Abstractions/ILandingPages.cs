
namespace PartnerCms.Landing;

/// <summary>Forgets rendered landing pages (the offers module caches them) when what they show changed.</summary>
public interface ILandingPages
{
    ValueTask ForgetOrganizationAsync(string organizationId, CancellationToken cancellationToken = default);

    ValueTask ForgetAllAsync(CancellationToken cancellationToken = default);
}
