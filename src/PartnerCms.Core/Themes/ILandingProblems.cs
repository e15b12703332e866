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

/// <summary>Where a partner's own layout broke: the branding module records it for the editor and the dashboard.</summary>
public interface ILandingProblems
{
    Task ReportLayoutErrorAsync(string organizationId, string error, CancellationToken cancellationToken = default);
}
