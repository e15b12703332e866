using PartnerCms.Partners.Services;

namespace PartnerCms.Partners.ViewModels;

public sealed class CompanyInformationViewModel
{
    public required CompanyProfile Profile { get; init; }

    public bool CanEdit { get; init; }
}

public sealed class CompanyInformationForm
{
    public CompanyInformationInput Input { get; set; } = new();

    /// <summary>The version the edit started from; a later save by someone else makes this one a conflict.</summary>
    public int Version { get; set; }

    public string? PartnerId { get; set; }
}

public sealed class OfficeListViewModel
{
    public required IReadOnlyList<OfficeSummary> Offices { get; init; }

    public bool CanManage { get; init; }

    public bool IncludeRetired { get; init; }
}

public sealed class OfficeForm
{
    public OfficeInput Input { get; set; } = new();

    public string? ContentItemId { get; set; }

    public int Version { get; set; }

    public bool Retired { get; set; }

    public bool IsNew => ContentItemId is null;
}
