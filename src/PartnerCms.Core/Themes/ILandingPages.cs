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

/// <summary>Forgets rendered landing pages (the offers module caches them) when what they show changed.</summary>
public interface ILandingPages
{
    ValueTask ForgetOrganizationAsync(string organizationId, CancellationToken cancellationToken = default);

    ValueTask ForgetAllAsync(CancellationToken cancellationToken = default);
}
