namespace PartnerCms.Directory;

/// <summary>Named routes of the account portal that other modules link to (the framework generates the URL).</summary>
public static class DirectoryRoutes
{
    /// <summary>The account portal's overview (<c>/portal</c>).</summary>
    public const string AccountPortal = "AccountPortal";

    /// <summary>The account portal's subscriptions with Manage (<c>/portal/subscriptions/manage</c>).</summary>
    public const string ManageSubscriptions = "ManageSubscriptions";
}
