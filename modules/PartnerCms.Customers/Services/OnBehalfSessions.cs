using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Customers.Models;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Customers.Services;

public sealed class OnBehalfOptions
{
    /// <summary>An on-behalf session not used for this long ends (R21).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>An on-behalf session started (for workflows).</summary>
public sealed record OnBehalfSessionStarted(string SessionId, string UserName, string PartnerOrganizationId, string CustomerOrganizationId, DelegatedAccess Level);

/// <summary>An on-behalf session ended, and why (for workflows).</summary>
public sealed record OnBehalfSessionEnded(string SessionId, string UserName, string PartnerOrganizationId, string CustomerOrganizationId, string Reason);

/// <summary>What <see cref="OnBehalfSessions.CheckAsync"/> found: the session that holds (with the names for the banner), or why it ended.</summary>
public sealed record OnBehalfCheck(OnBehalfSession? Session, string? EndedBecause, string? PartnerName, string? CustomerName, IReadOnlyList<string>? Roles = null);

/// <summary>Starts, checks and ends "Administer on behalf of" sessions (R18–R21).</summary>
public sealed class OnBehalfSessions(PartnerCmsDbContext db, DelegatedRelationshipService relationships, DelegatedRights rights, UserManager<PartnerCmsUser> users, AuditTrail audit, Core.Events.EventOutbox events, IOptions<OnBehalfOptions> options, TimeProvider clock, OnBehalfCheckCache cache)
{
    public const string CookieName = "pcms.onbehalf";

    /// <summary>Set when a session ends by leaving the portal: the back button's next /portal request goes to the partner's lookup.</summary>
    public const string EndedCookieName = "pcms.onbehalf.ended";
    public const string SessionClaim = PartnerCmsClaims.OnBehalfSession;
    private const string Reason = "an on-behalf session joins one partner user and one customer; it is read by its id";

    /// <summary>Starts a session for the user in the customer, ending any other session of the user. Null if the user may not.</summary>
    public async Task<OnBehalfSession?> StartAsync(ClaimsPrincipal principal, Organization customer, CancellationToken cancellationToken = default)
    {
        var user = await users.GetUserAsync(principal);
        var partnerId = principal.GetOrganizationId();
        if (user is null || partnerId is null)
        {
            return null;
        }

        // What the user may do in this customer: the roles the customer approved that the user's teams hold (none
        // without an active relationship). Only roles used inside the customer's portal open it.
        var granted = await rights.OfAsync(user.Id, partnerId, customer.Id, cancellationToken);
        if (!granted.OpenCustomerPortal)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await EndAllAsync(user.Id, "another session started", cancellationToken);
        var session = new OnBehalfSession
        {
            Id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)),
            UserId = user.Id,
            UserName = user.UserName!,
            PartnerOrganizationId = partnerId,
            CustomerOrganizationId = customer.Id,
            Level = user.DelegatedAccess,
            Roles = DelegatedRoles.Join(granted.Roles),
            StartedUtc = now,
            SecondStepMethod = principal.FindFirstValue(PartnerCmsClaims.SecondStepMethod),
            LastSeenUtc = now,
        };
        db.Add(session);
        events.Raise(new OnBehalfSessionStarted(session.Id, session.UserName, partnerId, customer.Id, session.Level), "on-behalf:" + session.Id);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("on-behalf.started",
            Describe(granted) + (session.SecondStepMethod is { } method ? ", second step: " + method : string.Empty),
            partnerId, customer.Id, cancellationToken: cancellationToken);
        return session;
    }

    /// <summary>
    /// The session named by the cookie, if it still holds: the same user, not ended, used within the idle timeout, the
    /// relationship active and the user's delegated access unchanged. Otherwise it is ended (with why) and null returned.
    /// This runs on every request of the session: a check that held is kept per node (<see cref="OnBehalfCheckCache"/>)
    /// and used again while the partner's version stamp — read first, from Redis with several nodes — is unchanged;
    /// otherwise everything is read in one round trip (with the partner's and customer's names for the banner) plus
    /// the user's teams.
    /// </summary>
    public async Task<OnBehalfCheck> CheckAsync(string id, ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = principal.GetUserId();
        var partnerId = principal.GetOrganizationId();
        // Read before the database: a change committed after this read changes the stamp, so what is read below is kept
        // with a stamp it can only be newer than.
        var stamp = userId is null || partnerId is null ? null : await cache.StampAsync(partnerId);
        if (stamp is { } current && cache.Find(id, userId!, partnerId!, current, now) is { } kept)
        {
            return new(kept.Session, null, kept.PartnerName, kept.CustomerName, kept.Roles);
        }

        var active = relationships.ActiveAt(now);
        var allUsers = db.Users.AcrossOrganizations(Reason);
        var organizations = db.Organizations.AcrossOrganizations(Reason);
        var row = await db.Set<OnBehalfSession>().AcrossOrganizations(Reason)
            .Where(s => s.Id == id)
            .Select(s => new
            {
                Session = s,
                Access = allUsers.Where(u => u.Id == s.UserId).Select(u => (DelegatedAccess?)u.DelegatedAccess).FirstOrDefault(),
                // The active relationship's approved roles (null when there is none): the rights below need no second read.
                ApprovedRoles = active.Where(r => r.PartnerOrganizationId == s.PartnerOrganizationId && r.CustomerOrganizationId == s.CustomerOrganizationId).Select(r => r.ApprovedRoles).FirstOrDefault(),
                RelationshipEndsUtc = active.Where(r => r.PartnerOrganizationId == s.PartnerOrganizationId && r.CustomerOrganizationId == s.CustomerOrganizationId).Select(r => r.EndsUtc).FirstOrDefault(),
                PartnerName = organizations.Where(o => o.Id == s.PartnerOrganizationId).Select(o => o.Name).FirstOrDefault(),
                CustomerName = organizations.Where(o => o.Id == s.CustomerOrganizationId).Select(o => o.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var session = row?.Session;
        if (session is null || session.EndedUtc is not null || session.UserId != principal.GetUserId())
        {
            return new(null, "The session has ended.", null, null);
        }

        var problem = now - session.LastSeenUtc > options.Value.IdleTimeout ? "The session ended after it was idle."
            : row!.ApprovedRoles is null ? "The customer no longer has your organization as its delegated administrator."
            : row.Access != session.Level ? "Your administrative access to the companies you support has changed."
            : null;
        var roles = problem is null && row!.Access is { } access && row.ApprovedRoles is { } approved
            ? await rights.OfAsync(session.UserId, session.PartnerOrganizationId, session.CustomerOrganizationId, access, approved, cancellationToken)
            : CustomerRights.None;
        if (problem is null && !roles.OpenCustomerPortal)
        {
            problem = "Your roles in this customer have changed: none of them is used in its account portal any more.";
        }

        if (problem is not null)
        {
            await EndAsync(session, problem, cancellationToken);
            return new(null, problem, null, null);
        }

        // Idle time is counted in half-minutes: a busy session writes its row at most twice a minute.
        if (now - session.LastSeenUtc > OnBehalfCheckCache.LastSeenPace)
        {
            session.LastSeenUtc = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        if (stamp is { } read && string.Equals(session.PartnerOrganizationId, partnerId, StringComparison.Ordinal))
        {
            // Kept until the last-seen time needs writing again, the session would be idle or the relationship ends.
            var until = session.LastSeenUtc + (options.Value.IdleTimeout < OnBehalfCheckCache.LastSeenPace ? options.Value.IdleTimeout : OnBehalfCheckCache.LastSeenPace);
            if (row!.RelationshipEndsUtc is { } ends && ends < until)
            {
                until = ends;
            }

            cache.Keep(new(Copy(session), row.PartnerName, row.CustomerName, roles.Roles, read, until));
        }

        return new(session, null, row!.PartnerName, row.CustomerName, roles.Roles);
    }

    private static OnBehalfSession Copy(OnBehalfSession session) => new()
    {
        Id = session.Id,
        UserId = session.UserId,
        UserName = session.UserName,
        PartnerOrganizationId = session.PartnerOrganizationId,
        CustomerOrganizationId = session.CustomerOrganizationId,
        Level = session.Level,
        Roles = session.Roles,
        StartedUtc = session.StartedUtc,
        SecondStepMethod = session.SecondStepMethod,
        LastSeenUtc = session.LastSeenUtc,
    };

    public async Task EndAsync(OnBehalfSession session, string reason, CancellationToken cancellationToken = default)
    {
        if (session.EndedUtc is not null)
        {
            return;
        }

        cache.Forget(session.Id);
        session.EndedUtc = clock.GetUtcNow().UtcDateTime;
        session.EndReason = reason;
        events.Raise(new OnBehalfSessionEnded(session.Id, session.UserName, session.PartnerOrganizationId, session.CustomerOrganizationId, reason), "on-behalf:" + session.Id);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("on-behalf.ended", reason, session.PartnerOrganizationId, session.CustomerOrganizationId, cancellationToken: cancellationToken, actorUserName: session.UserName);
    }

    /// <summary>Ends the session when it is this user's: another user presenting its id (a copied cookie) ends nothing.</summary>
    public async Task EndByIdAsync(string id, string? userId, string reason, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return;
        }

        var session = await db.Set<OnBehalfSession>().AcrossOrganizations(Reason).FirstOrDefaultAsync(s => s.Id == id && s.UserId == userId, cancellationToken);
        if (session is not null)
        {
            await EndAsync(session, reason, cancellationToken);
        }
    }

    private async Task EndAllAsync(string userId, string reason, CancellationToken cancellationToken)
    {
        foreach (var open in await db.Set<OnBehalfSession>().AcrossOrganizations(Reason).Where(s => s.UserId == userId && s.EndedUtc == null).ToListAsync(cancellationToken))
        {
            await EndAsync(open, reason, cancellationToken);
        }
    }

    /// <summary>The partner user as the customer's administrator: the customer's organization, the on-behalf role only.</summary>
    /// <summary>"Full administration", or the roles and the teams that hold them, for the audit trail.</summary>
    public static string Describe(CustomerRights granted)
    {
        var summary = DelegatedRoles.Describe(granted.Roles);
        var sources = granted.Sources.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return summary == "Full administration" && sources.All(s => s.StartsWith("built-in", StringComparison.Ordinal))
            ? summary
            : $"{summary} (through {string.Join(", ", sources)})";
    }

    public static ClaimsPrincipal PrincipalFor(ClaimsPrincipal partnerUser, OnBehalfSession session, IReadOnlyList<string> roles)
    {
        var identity = new ClaimsIdentity("OnBehalf", ClaimTypes.Name, ClaimTypes.Role);
        foreach (var type in new[] { ClaimTypes.NameIdentifier, ClaimTypes.Name, PartnerCmsClaims.DisplayName })
        {
            if (partnerUser.FindFirst(type) is { } claim)
            {
                identity.AddClaim(new Claim(type, claim.Value));
            }
        }

        identity.AddClaim(new Claim(PartnerCmsClaims.OrganizationId, session.CustomerOrganizationId));
        identity.AddClaim(new Claim(PartnerCmsClaims.OrganizationKind, OrganizationKind.Customer.ToString()));
        foreach (var role in roles.Select(DelegatedRoles.Find).Where(r => r?.InCustomerPortal == true))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role!.OnBehalfRole));
        }

        identity.AddClaim(new Claim(SessionClaim, session.Id));
        return new ClaimsPrincipal(identity);
    }
}

/// <summary>
/// The on-behalf session's middleware (contributed by this module; after authentication, before authorization). Under
/// /portal with a session cookie: checks the session, then lets the request act as the partner user in the customer's
/// organization (no-store, audited). Anywhere else: the session ends (R21) — the back button then reloads the page as
/// the partner user, in the partner's own organization.
/// </summary>
public static class OnBehalfMiddleware
{
    private static readonly string[] Neutral = ["/_content", "/css", "/js", "/lib", "/favicon", "/health", "/error"];

    /// <summary>The partner's lookup page with the reason the session ended, as the framework links to it.</summary>
    private static string LookupPath(HttpContext context, string ended) =>
        context.RequestServices.GetRequiredService<LinkGenerator>().GetPathByAction("Index", "Lookup", new { ended })
            ?? throw new InvalidOperationException("The lookup page has no route.");

    public static void Use(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var id = context.Request.Cookies[OnBehalfSessions.CookieName];
        if (id is null && context.Request.Cookies.ContainsKey(OnBehalfSessions.EndedCookieName) && context.Request.Path.StartsWithSegments("/portal", StringComparison.OrdinalIgnoreCase))
        {
            // Back in the customer's portal after leaving it (R21): the session is over; land in the partner's own portal.
            context.Response.Cookies.Delete(OnBehalfSessions.EndedCookieName, new CookieOptions { Path = "/" });
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect(LookupPath(context, "You left the customer's portal; look the customer up again to administer it."));
            return;
        }

        if (id is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next();
            return;
        }

        var path = context.Request.Path;
        var sessions = context.RequestServices.GetRequiredService<OnBehalfSessions>();
        if (!path.StartsWithSegments("/portal", StringComparison.OrdinalIgnoreCase))
        {
            if (!Neutral.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                await sessions.EndByIdAsync(id, context.User.GetUserId(), "The user left the customer's portal.", context.RequestAborted);
                context.Response.Cookies.Delete(OnBehalfSessions.CookieName, new CookieOptions { Path = "/" });
                context.Response.Cookies.Append(OnBehalfSessions.EndedCookieName, "1", new CookieOptions
                {
                    HttpOnly = true,
                    Secure = context.Request.IsHttps,
                    SameSite = SameSiteMode.Strict,
                    Path = "/",
                    MaxAge = TimeSpan.FromMinutes(30),
                    IsEssential = true,
                });
            }

            await next();
            return;
        }

        var check = await sessions.CheckAsync(id, context.User, context.RequestAborted);
        if (check.Session is not { } session)
        {
            context.Response.Cookies.Delete(OnBehalfSessions.CookieName, new CookieOptions { Path = "/" });
            context.Response.Redirect(LookupPath(context, check.EndedBecause ?? "The session has ended."));
            return;
        }

        var partnerUser = context.User;
        var roles = check.Roles ?? [];
        context.User = OnBehalfSessions.PrincipalFor(partnerUser, session, roles);
        context.Features.Set(new OnBehalfFeature(session.Id, check.PartnerName ?? "Your organization",
            partnerUser.GetDisplayName(), check.CustomerName ?? "the customer", roles.Contains(DelegatedRoles.GlobalAdministrator, StringComparer.Ordinal), DelegatedRoles.Describe(roles)));
        context.Response.OnStarting(() =>
        {
            // The back button must not show the customer's pages from the cache (R21).
            context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });

        await next();

        // R22: every page viewed and every change made on the customer's behalf, one entry each.
        if (!path.StartsWithSegments("/portal/on-behalf", StringComparison.OrdinalIgnoreCase))
        {
            var status = context.Response.StatusCode;
            var audit = context.RequestServices.GetRequiredService<AuditTrail>();
            await audit.RecordAsync(
                HttpMethods.IsGet(context.Request.Method) ? "on-behalf.viewed" : "on-behalf.changed",
                context.Request.Method + " " + path.Value,
                session.PartnerOrganizationId,
                session.CustomerOrganizationId,
                status < 400 ? AuditOutcomes.Succeeded : status is 401 or 403 or 404 ? AuditOutcomes.Refused : AuditOutcomes.Failed,
                cancellationToken: CancellationToken.None);
        }
    });
}
