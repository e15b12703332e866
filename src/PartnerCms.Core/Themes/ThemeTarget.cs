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

public enum ThemeTarget
{
    Admin,
    Landing,
}
