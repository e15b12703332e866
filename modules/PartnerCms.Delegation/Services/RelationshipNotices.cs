using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Notifications;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;
using PartnerCms.Mail.Services;

namespace PartnerCms.Delegation.Services;

/// <summary>
/// Tells both sides that a relationship ends soon (30, 7 and 1 days before) or was extended: a mail through the outbox
/// and an in-portal notice to the partner's global administrators and the customer's global administrators. Added to
/// the caller's unit of work, so a notice is sent if and only if the relationship's change is saved.
/// </summary>
public sealed class RelationshipNotices(PartnerCmsDbContext db, MailQueue mail, IEnumerable<IUserNotifications> notifiers)
{
    private const string Reason = "a relationship's notices go to the global administrators of its partner and of its customer";
    public const string Source = "delegation:expiring";

    public async Task ExpiringAsync(DelegatedRelationshipPart part, DateTime endsUtc, int daysLeft, CancellationToken cancellationToken = default)
    {
        var names = await db.Organizations.AcrossOrganizations(Reason).AsNoTracking()
            .Where(o => o.Id == part.PartnerOrganizationId || o.Id == part.CustomerOrganizationId)
            .ToDictionaryAsync(o => o.Id, o => o.Name, StringComparer.Ordinal, cancellationToken);
        var partnerName = names.GetValueOrDefault(part.PartnerOrganizationId, "Your partner");
        var customerName = names.GetValueOrDefault(part.CustomerOrganizationId, "the customer");
        var when = endsUtc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var roles = DelegatedRoles.Describe(part.Approved);
        var extends = part.AutoExtend && RelationshipLifecycle.MayAutoExtend(part.Approved);
        var then = extends
            ? $"It extends itself by {RelationshipLifecycle.AutoExtensionMonths} months on that day unless the customer removes it."
            : "On that day the partner's staff lose access to the customer unless the customer accepts a renewal.";
        var dayWord = daysLeft == 1 ? "1 day" : $"{daysLeft} days";

        await NotifyAsync(part.PartnerOrganizationId, OrganizationRoles.PartnerGlobalAdministrator,
            $"Delegated administration of {customerName} ends in {dayWord}",
            $"Your delegated administration of {customerName} ({roles}) ends on {when} UTC. {then} Renew it from My customers to send the customer a new request with the same roles.",
            "/partner/customers", cancellationToken);
        await NotifyAsync(part.CustomerOrganizationId, OrganizationRoles.CustomerGlobalAdministrator,
            $"{partnerName}'s delegated administration ends in {dayWord}",
            $"{partnerName} is a delegated administrator of {customerName} ({roles}) until {when} UTC. {then} You can review or remove it under Partner relationships.",
            "/portal/partners", cancellationToken);
    }

    /// <summary>An auto-extension: the in-portal notice only (the 30-day notice before the next end date follows by mail).</summary>
    public void Extended(string partnerOrganizationId, string customerOrganizationId, DateTime endsUtc)
    {
        foreach (var notifier in notifiers)
        {
            notifier.Add(partnerOrganizationId, GlobalAdministratorIds(partnerOrganizationId, OrganizationRoles.PartnerGlobalAdministrator),
                "A delegated relationship was extended", $"It now ends on {endsUtc:yyyy-MM-dd} UTC.", "/partner/customers", "delegation:extended");
        }
    }

    private IEnumerable<string> GlobalAdministratorIds(string organizationId, string role) =>
        Administrators(organizationId, role).Select(u => u.Id).ToList();

    private IQueryable<Core.Accounts.PartnerCmsUser> Administrators(string organizationId, string role) =>
        from user in db.Users.AcrossOrganizations(Reason)
        where user.OrganizationId == organizationId
            && db.UserRoles.Any(ur => ur.UserId == user.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role))
        select user;

    private async Task NotifyAsync(string organizationId, string role, string title, string body, string link, CancellationToken cancellationToken)
    {
        var people = await Administrators(organizationId, role).AsNoTracking().Select(u => new { u.Id, u.Email, u.UserName }).ToListAsync(cancellationToken);
        if (people.Count == 0)
        {
            return;
        }

        foreach (var notifier in notifiers)
        {
            notifier.Add(organizationId, people.Select(p => p.Id), title, body, link, Source);
        }

        var addresses = people.Select(p => p.Email ?? p.UserName).Where(a => MailQueue.ParseAddress(a) is not null).Take(MailQueue.MaxRecipients).Select(a => a!).ToList();
        if (addresses.Count > 0)
        {
            // Sent by the platform (not by the organization's workflows, whose hourly quota it must not use up): at most three
            // notices per relationship and end date.
            mail.Add(new MailRequest(addresses, title, body + "\n\n— PartnerCms", Source));
        }
    }
}
