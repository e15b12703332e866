namespace PartnerCms.Core.Security;

/// <summary>
/// A right a customer can give a partner over its organization (least-privilege delegated administration). The customer
/// approves roles one by one; the partner assigns them to teams of its users. <see cref="OnBehalfRole"/> is the role
/// claim a partner user holds for it inside an "Administer on behalf of" session, so modules grant their permissions
/// to it as to any role.
/// </summary>
public sealed record DelegatedRole(string Name, string DisplayName, string Description, bool InCustomerPortal)
{
    /// <summary>The role claim held inside an on-behalf session (not assignable, never held in one's own organization).</summary>
    public string OnBehalfRole => DelegatedRoles.OnBehalfPrefix + Name;
}

/// <summary>
/// The catalogue of delegated roles and the seed's two bundles (R16): Full administration (the customer's global
/// administrator's tenant administration without partner relationships or billing, R17) and Limited administration (a
/// password administrator's). Role names are stable identifiers stored with relationships and team assignments.
/// </summary>
public static class DelegatedRoles
{
    public const string OnBehalfPrefix = "Customer:OnBehalf:";

    public const string GlobalAdministrator = "GlobalAdministrator";
    public const string UsersAdministrator = "UsersAdministrator";
    public const string PasswordAdministrator = "PasswordAdministrator";
    public const string DomainAdministrator = "DomainAdministrator";
    public const string SubscriptionAdministrator = "SubscriptionAdministrator";
    public const string ServiceSupport = "ServiceSupport";
    public const string ReportsReader = "ReportsReader";

    public static IReadOnlyList<DelegatedRole> All { get; } =
    [
        new(GlobalAdministrator, "Global administrator",
            "Everything the customer's own global administrator may do in its account portal — users, any password, domains, subscriptions — except the customer's partner relationships and billing.", true),
        new(UsersAdministrator, "Users administrator",
            "Create and edit the customer's users, and reset the password of any user who is not an administrator (also from the partner portal).", true),
        new(PasswordAdministrator, "Password administrator",
            "Reset the passwords of the customer's users who are not administrators, inside the customer's account portal.", true),
        new(DomainAdministrator, "Domain administrator", "Add and remove the customer's domains and choose its primary domain.", true),
        new(SubscriptionAdministrator, "Subscription administrator", "Change licence counts, cancel subscriptions (Manage) and buy subscriptions (Purchase).", true),
        new(ServiceSupport, "Service support", "Open service requests on the customer's behalf and follow their status.", false),
        new(ReportsReader, "Reports and audit reader", "Read the customer's audit trail: what partners did in the organization.", true),
    ];

    /// <summary>The seed's Full administration (R16, R17): exactly what a Full delegated administrator could do before roles.</summary>
    public static IReadOnlyList<string> FullBundle { get; } = [GlobalAdministrator, UsersAdministrator, PasswordAdministrator, DomainAdministrator, SubscriptionAdministrator, ServiceSupport];

    /// <summary>The seed's Limited administration (R16, R19): passwords inside the customer's portal, and service requests.</summary>
    public static IReadOnlyList<string> LimitedBundle { get; } = [PasswordAdministrator, ServiceSupport];

    private static readonly Dictionary<string, DelegatedRole> ByName = All.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    public static DelegatedRole? Find(string? name) => name is not null && ByName.TryGetValue(name.Trim(), out var role) ? role : null;

    public static bool IsKnown(string? name) => Find(name) is not null;

    /// <summary>The known roles among <paramref name="names"/>, each once, in catalogue order (unknown names are dropped).</summary>
    public static List<string> Normalize(IEnumerable<string?>? names)
    {
        var wanted = new HashSet<string>((names ?? []).Select(Find).Where(r => r is not null).Select(r => r!.Name), StringComparer.Ordinal);
        return All.Where(r => wanted.Contains(r.Name)).Select(r => r.Name).ToList();
    }

    /// <summary>The bundle a built-in team stands for.</summary>
    public static IReadOnlyList<string> BundleOf(Accounts.DelegatedAccess access) => access switch
    {
        Accounts.DelegatedAccess.Full => FullBundle,
        Accounts.DelegatedAccess.Limited => LimitedBundle,
        _ => [],
    };

    /// <summary>Stored form: role names joined by commas, in catalogue order.</summary>
    public static string Join(IEnumerable<string> names) => string.Join(',', Normalize(names));

    public static List<string> Split(string? stored) => Normalize((stored ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Whether these rights open the customer's account portal on its behalf (any role used there).</summary>
    public static bool OpenCustomerPortal(IEnumerable<string> rights) => rights.Any(r => Find(r)?.InCustomerPortal == true);

    /// <summary>R6: the partner portal's Reset password needs a role that resets passwords outside the customer's portal.</summary>
    public static bool ResetFromPartnerPortal(IEnumerable<string> rights) => rights.Any(r => r is GlobalAdministrator or UsersAdministrator);

    /// <summary>Any password reset at all (inside the customer's portal for a password administrator).</summary>
    public static bool ResetPasswords(IEnumerable<string> rights) => rights.Any(r => r is GlobalAdministrator or UsersAdministrator or PasswordAdministrator);

    /// <summary>R23: opening a service request on the customer's behalf.</summary>
    public static bool OpenServiceRequests(IEnumerable<string> rights) => rights.Contains(ServiceSupport, StringComparer.Ordinal);

    /// <summary>Plain words for a set of roles ("Users administrator, Service support"), or "none".</summary>
    public static string Describe(IEnumerable<string> names)
    {
        var list = Normalize(names);
        if (list.Count == 0)
        {
            return "none";
        }

        if (list.Count == FullBundle.Count && FullBundle.All(list.Contains))
        {
            return "Full administration";
        }

        if (list.Count == LimitedBundle.Count && LimitedBundle.All(list.Contains))
        {
            return "Limited administration";
        }

        return string.Join(", ", list.Select(n => Find(n)!.DisplayName));
    }
}
