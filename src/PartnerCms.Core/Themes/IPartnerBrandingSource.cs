using System.Collections.Concurrent;
using System.Reflection;
using Fluid;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Data;
using PartnerCms.Core.Liquid;

namespace PartnerCms.Core.Themes;

/// <summary>The branding module answers: the published branding, or (previewing) the draft. Null: the theme's defaults.</summary>
public interface IPartnerBrandingSource
{
    Task<PartnerBrandingView?> GetAsync(string organizationId, bool draft, CancellationToken cancellationToken = default);
}
