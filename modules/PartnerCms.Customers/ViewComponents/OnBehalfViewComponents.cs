using Microsoft.AspNetCore.Mvc;
using PartnerCms.Customers.Models;

namespace PartnerCms.Customers.ViewComponents;

/// <summary>R18: on every page of an on-behalf session, who administers whom, always visible, with the way back and out.</summary>
public sealed class OnBehalfBannerViewComponent : ViewComponent
{
    public IViewComponentResult Invoke() =>
        HttpContext.Features.Get<OnBehalfFeature>() is { } feature ? View(feature) : Content(string.Empty);
}

/// <summary>The customer being administered, at the head of the navigation (its portal's menu follows).</summary>
public sealed class OnBehalfNavigationViewComponent : ViewComponent
{
    public IViewComponentResult Invoke() =>
        HttpContext.Features.Get<OnBehalfFeature>() is { } feature ? View(feature) : Content(string.Empty);
}
