using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Validation;
using PartnerCms.Customers.Models;

namespace PartnerCms.Customers.Services;

public sealed class ServiceRequestInput
{
    [Required(ErrorMessage = "Enter a short title.")]
    [StringLength(200, ErrorMessage = "The title can have at most 200 characters.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = string.Empty;

    [Required(ErrorMessage = "Describe the problem.")]
    [StringLength(4000, ErrorMessage = "The description can have at most 4,000 characters.")]
    [Display(Name = "Description")]
    public string Description { get; set; } = string.Empty;

    [Display(Name = "Severity")]
    public ServiceRequestSeverity Severity { get; set; } = ServiceRequestSeverity.Normal;

    [Required(ErrorMessage = "Enter who to contact.")]
    [StringLength(200)]
    [Display(Name = "Contact name")]
    public string ContactName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the contact's e-mail address.")]
    [StringLength(254)]
    [EmailAddressStrict]
    [Display(Name = "Contact e-mail")]
    public string ContactEmail { get; set; } = string.Empty;

    [StringLength(32)]
    [PhoneNumber]
    [Display(Name = "Contact phone")]
    public string? ContactPhone { get; set; }
}

/// <summary>A partner opened a service request for a customer (for workflows).</summary>
public sealed record ServiceRequestOpened(long Id, string PartnerOrganizationId, string CustomerOrganizationId, string Title, string Severity, string OpenedBy);

/// <summary>A service request's status changed (for workflows).</summary>
public sealed record ServiceRequestStatusChanged(long Id, string PartnerOrganizationId, string CustomerOrganizationId, string Title, string From, string To);

public sealed record ServiceRequestView(ServiceRequest Request, string CustomerName, string PartnerName);

/// <summary>Service requests a partner opens for a customer. Each side only ever reads its own.</summary>
public sealed class ServiceRequestService(PartnerCmsDbContext db, PartnerCms.Core.Events.EventOutbox events, TimeProvider clock)
{
    public async Task<ServiceRequest> OpenAsync(string partnerOrganizationId, string customerOrganizationId, ServiceRequestInput input, string userId, string userName, CancellationToken cancellationToken = default)
    {
        ObjectValidation.Trimmed(input);
        var now = clock.GetUtcNow().UtcDateTime;
        var request = new ServiceRequest
        {
            PartnerOrganizationId = partnerOrganizationId,
            CustomerOrganizationId = customerOrganizationId,
            Title = input.Title,
            Description = input.Description,
            Severity = input.Severity,
            ContactName = input.ContactName,
            ContactEmail = input.ContactEmail,
            ContactPhone = string.IsNullOrWhiteSpace(input.ContactPhone) ? null : input.ContactPhone,
            Status = ServiceRequestStatus.Open,
            CreatedByUserId = userId,
            CreatedByName = userName,
            CreatedUtc = now,
            ModifiedUtc = now,
        };
        // The event names the request's number, which the first save gives: both saves in one transaction.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        events.Raise(new ServiceRequestOpened(request.Id, partnerOrganizationId, customerOrganizationId, request.Title, request.Severity.ToString(), userName),
            "service-request:" + request.Id);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return request;
    }

    public Task<List<ServiceRequestView>> ForPartnerAsync(string partnerOrganizationId, CancellationToken cancellationToken = default) =>
        ViewsAsync(db.Set<ServiceRequest>().Where(r => r.PartnerOrganizationId == partnerOrganizationId), cancellationToken);

    public Task<List<ServiceRequestView>> ForCustomerAsync(string customerOrganizationId, CancellationToken cancellationToken = default) =>
        ViewsAsync(db.Set<ServiceRequest>().Where(r => r.CustomerOrganizationId == customerOrganizationId), cancellationToken);

    /// <summary>One request, if the organization is its partner or its customer.</summary>
    public async Task<ServiceRequestView?> FindAsync(long id, string organizationId, CancellationToken cancellationToken = default) =>
        (await ViewsAsync(db.Set<ServiceRequest>().Where(r => r.Id == id && (r.PartnerOrganizationId == organizationId || r.CustomerOrganizationId == organizationId)), cancellationToken))
            .FirstOrDefault();

    public async Task<bool> SetStatusAsync(long id, string partnerOrganizationId, ServiceRequestStatus status, CancellationToken cancellationToken = default)
    {
        var request = await db.Set<ServiceRequest>().FirstOrDefaultAsync(r => r.Id == id && r.PartnerOrganizationId == partnerOrganizationId, cancellationToken);
        if (request is null)
        {
            return false;
        }

        if (request.Status != status)
        {
            events.Raise(new ServiceRequestStatusChanged(request.Id, request.PartnerOrganizationId, request.CustomerOrganizationId, request.Title, request.Status.ToString(), status.ToString()),
                "service-request:" + request.Id);
        }

        request.Status = status;
        request.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The requests (through the organization filter), then the names of both parties in a query of their own: lifting
    /// the filter inside a join would lift it for the whole query.
    /// </summary>
    private async Task<List<ServiceRequestView>> ViewsAsync(IQueryable<ServiceRequest> requests, CancellationToken cancellationToken)
    {
        var rows = await requests.AsNoTracking().OrderByDescending(r => r.CreatedUtc).ToListAsync(cancellationToken);
        var ids = rows.SelectMany(r => new[] { r.CustomerOrganizationId, r.PartnerOrganizationId }).Distinct(StringComparer.Ordinal).ToList();
        var names = await db.Organizations.AcrossOrganizations("a service request shows the names of its partner and its customer")
            .AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, StringComparer.Ordinal, cancellationToken);
        return rows.Select(r => new ServiceRequestView(r, names.GetValueOrDefault(r.CustomerOrganizationId, "(removed)"), names.GetValueOrDefault(r.PartnerOrganizationId, "(removed)"))).ToList();
    }
}
