using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Navigation;

public sealed record NavigationGroup(string Name, IReadOnlyList<NavigationItem> Items);
