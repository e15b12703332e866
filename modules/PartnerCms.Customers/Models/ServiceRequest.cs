namespace PartnerCms.Customers.Models;

public enum ServiceRequestSeverity
{
    Low,
    Normal,
    High,
    Critical,
}

public enum ServiceRequestStatus
{
    Open,
    InProgress,
    WaitingForCustomer,
    Resolved,
    Closed,
}

/// <summary>The words a person reads for a status or a severity (the enum names are for code).</summary>
public static class ServiceRequestTexts
{
    public static string DisplayName(this ServiceRequestStatus status) => status switch
    {
        ServiceRequestStatus.InProgress => "In progress",
        ServiceRequestStatus.WaitingForCustomer => "Waiting for customer",
        _ => status.ToString(),
    };

    public static string DisplayName(this ServiceRequestSeverity severity) => severity.ToString();
}

/// <summary>R23: a service request a partner opened on behalf of a customer; both organizations follow it.</summary>
public sealed class ServiceRequest : PartnerCms.Core.Organizations.IPartnerCustomerScoped
{
    public long Id { get; set; }

    public string CustomerOrganizationId { get; set; } = string.Empty;

    public string PartnerOrganizationId { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public ServiceRequestSeverity Severity { get; set; }

    public string ContactName { get; set; } = string.Empty;

    public string ContactEmail { get; set; } = string.Empty;

    public string? ContactPhone { get; set; }

    public ServiceRequestStatus Status { get; set; }

    public string CreatedByUserId { get; set; } = string.Empty;

    public string CreatedByName { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }

    public DateTime ModifiedUtc { get; set; }

    public string Number => $"SR-{Id:D6}";
}
