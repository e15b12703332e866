namespace PartnerCms.Core.Versioning;

public enum DiffKind
{
    Same,
    Added,
    Removed,
}
