using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Core.Validation;

namespace PartnerCms.Directory.Services;

/// <summary>A domain name such as contoso.com: letters, digits and dashes, with at least one dot.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DomainNameAttribute() : ValidationAttribute("Enter your domain name, such as contoso.com (letters, digits and dashes, with at least one dot).")
{
    public override bool IsValid(object? value) => value is null || (value is string text && DomainService.IsDomainName(OrganizationDomain.Normalize(text)));
}

/// <summary>A new customer organization and its first global administrator (the standard sign-up, R12).</summary>
public sealed class CustomerSignUpInput
{
    [Required(ErrorMessage = "Enter your organization's name (at most 256 characters).")]
    [StringLength(256, ErrorMessage = "Enter your organization's name (at most 256 characters).")]
    public string? CompanyName { get; set; }

    [Required(ErrorMessage = "Enter your domain name, such as contoso.com (letters, digits and dashes, with at least one dot).")]
    [DomainName]
    public string? Domain { get; set; }

    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(256, ErrorMessage = "Enter your name.")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Enter your user name: an e-mail address at your domain, such as admin@contoso.com.")]
    [StringLength(254, ErrorMessage = "Enter your user name: an e-mail address at your domain, such as admin@contoso.com.")]
    [EmailAddressStrict(ErrorMessage = "Enter your user name: an e-mail address at your domain, such as admin@contoso.com.")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Choose a password.")]
    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }

    /// <summary>The sign-up form's one-time token, for callers that recognise a form sent twice.</summary>
    public string? SubmissionId { get; set; }
}

/// <summary>
/// The sign-up's messages that name what the visitor typed, as composite formats: a customer-facing page that shows one
/// can recognise it (the format with the value typed gives the same text) and say it in the page's language.
/// </summary>
public static class CustomerSignUpMessages
{
    public const string DomainTaken = "{0} is already registered. If it is your organization's, sign in as its global administrator instead.";
    public const string UserNameAtDomain = "Your user name must be an address at {0}, such as admin@{0}.";
    public const string UserNameTaken = "{0} already has an account. Sign in instead.";

    public static IReadOnlyList<string> All { get; } = [DomainTaken, UserNameAtDomain, UserNameTaken];

    public static string Say(string format, string value) => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, value);
}

/// <summary>What a sign-up made, or why not (errors keyed by field, with the caller's prefix).</summary>
public sealed record CustomerSignUpResult(Organization? Organization, PartnerCmsUser? User, IReadOnlyDictionary<string, string> Errors, bool DomainTakenMeanwhile = false)
{
    public bool Succeeded => Organization is not null && User is not null;
}

/// <summary>
/// Creates a customer organization with its primary domain and its first global administrator — the Directory's
/// sign-up, which any flow (an offer's acceptance today) calls inside its own transaction. The input is checked with its
/// data annotations like every other form, then against the platform: a domain and a user name exist once.
/// </summary>
public sealed class CustomerSignUpService(PartnerCmsDbContext db, UserManager<PartnerCmsUser> users, TimeProvider clock)
{
    /// <summary>Every problem with the input, keyed "{prefix}{field}"; empty when it can be created.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(CustomerSignUpInput input, string prefix, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<ValidationResult>();
        var trimmed = Trimmed(input);
        Validator.TryValidateObject(trimmed, new ValidationContext(trimmed), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                errors.TryAdd(prefix + member, result.ErrorMessage ?? "Check this field.");
            }
        }

        var domain = OrganizationDomain.Normalize(input.Domain ?? string.Empty);
        if (!errors.ContainsKey(prefix + nameof(input.Domain))
            && await db.OrganizationDomains.AcrossOrganizations("domains are unique platform-wide").AnyAsync(d => d.NormalizedName == domain, cancellationToken))
        {
            errors[prefix + nameof(input.Domain)] = CustomerSignUpMessages.Say(CustomerSignUpMessages.DomainTaken, domain);
        }

        var userName = input.UserName?.Trim() ?? string.Empty;
        if (!errors.ContainsKey(prefix + nameof(input.UserName)))
        {
            if (!errors.ContainsKey(prefix + nameof(input.Domain)) && !userName.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))
            {
                errors[prefix + nameof(input.UserName)] = CustomerSignUpMessages.Say(CustomerSignUpMessages.UserNameAtDomain, domain);
            }
            else if (await users.FindByNameAsync(userName) is not null)
            {
                errors[prefix + nameof(input.UserName)] = CustomerSignUpMessages.Say(CustomerSignUpMessages.UserNameTaken, userName);
            }
        }

        if (!string.IsNullOrEmpty(input.Password))
        {
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, new PartnerCmsUser { UserName = userName }, input.Password);
                if (!check.Succeeded)
                {
                    errors[prefix + nameof(input.Password)] = string.Join(" ", check.Errors.Select(e => e.Description));
                    break;
                }
            }
        }

        if (!errors.ContainsKey(prefix + nameof(input.Password)) && input.Password != input.ConfirmPassword)
        {
            errors[prefix + nameof(input.ConfirmPassword)] = "The two passwords are not the same.";
        }

        return errors;
    }

    /// <summary>
    /// Validates and creates, inside the caller's transaction (the caller commits or rolls back). A domain registered by
    /// someone else between the check and the insert is reported with <see cref="CustomerSignUpResult.DomainTakenMeanwhile"/>;
    /// the caller's transaction must then be rolled back.
    /// </summary>
    public async Task<CustomerSignUpResult> CreateAsync(CustomerSignUpInput input, string countryOrRegion, string prefix, CancellationToken cancellationToken = default)
    {
        var errors = await ValidateAsync(input, prefix, cancellationToken);
        if (errors.Count > 0)
        {
            return new CustomerSignUpResult(null, null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var domain = OrganizationDomain.Normalize(input.Domain!);
        var organization = new Organization
        {
            Id = IdGenerator.New(),
            Name = input.CompanyName!.Trim(),
            Kind = OrganizationKind.Customer,
            CountryOrRegion = countryOrRegion,
            CreatedUtc = now,
        };
        db.Organizations.Add(organization);
        db.OrganizationDomains.Add(new OrganizationDomain { OrganizationId = organization.Id, Name = domain, NormalizedName = domain, IsPrimary = true });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<OrganizationDomain>(db, nameof(OrganizationDomain.NormalizedName)))
        {
            return new CustomerSignUpResult(null, null, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [prefix + nameof(input.Domain)] = $"{domain} was registered by someone else a moment ago. Sign in instead, or choose another domain.",
            }, DomainTakenMeanwhile: true);
        }

        var user = new PartnerCmsUser
        {
            UserName = input.UserName!.Trim(),
            Email = input.UserName.Trim(),
            EmailConfirmed = true,
            OrganizationId = organization.Id,
            DisplayName = input.DisplayName!.Trim(),
            CreatedUtc = now,
        };
        var created = await users.CreateAsync(user, input.Password!);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, OrganizationRoles.CustomerGlobalAdministrator);
        }

        if (!created.Succeeded)
        {
            var field = created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? nameof(input.Password) : nameof(input.UserName);
            return new CustomerSignUpResult(null, null, new Dictionary<string, string>(StringComparer.Ordinal) { [prefix + field] = string.Join(" ", created.Errors.Select(e => e.Description)) });
        }

        return new CustomerSignUpResult(organization, user, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>The text fields as they will be stored (the passwords are taken as typed).</summary>
    private static CustomerSignUpInput Trimmed(CustomerSignUpInput input) => new()
    {
        CompanyName = NullIfBlank(input.CompanyName),
        Domain = NullIfBlank(input.Domain),
        DisplayName = NullIfBlank(input.DisplayName),
        UserName = NullIfBlank(input.UserName),
        Password = string.IsNullOrEmpty(input.Password) ? null : input.Password,
        ConfirmPassword = input.ConfirmPassword,
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
