
namespace PartnerCms.Core.Themes;

public enum ThemeTarget
{
    Admin,
    Landing,
}
