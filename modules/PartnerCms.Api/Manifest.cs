using PartnerCms.Core.Modules;

namespace PartnerCms.Api;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Api";

    public override string Name => "Public API";

    public override string Description => "OAuth 2.0 client credentials (OpenIddict), API clients per organization, the REST API at /api/v1 with its OpenAPI document.";

    public override string Category => "Integration";

    public override Type StartupType => typeof(Startup);
}
