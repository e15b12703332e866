
namespace PartnerCms.Core.Navigation;

/// <summary>An item of the admin top bar beside the user's name (e.g. "Notifications" with an unread count).</summary>
public sealed record TopbarItem(string Text, string Url, int? Badge, string TestId);
