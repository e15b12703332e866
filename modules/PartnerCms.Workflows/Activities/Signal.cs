using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Activities;

/// <summary>Waits until someone opens its signed link (sent earlier in the workflow as <c>{{ signals.id }}</c>) and confirms.</summary>
public sealed class WaitForSignal : WorkflowActivity<NoSettings>
{
    public const string TypeName = "WaitForSignal";

    public override string Type => TypeName;

    public override string DisplayName => "Wait for a signal";

    public override string Category => "Control flow";

    public override string Description => "Waits until its signed link is used: put {{ signals.<this activity's id> }} into an e-mail before it, e.g. an approval link.";

    public override IReadOnlyList<string> Outcomes => [Abstractions.Outcomes.Done];

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, NoSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Wait);
}

public sealed class SignalOptions
{
    /// <summary>How long a signal link works.</summary>
    public int LinkDays { get; set; } = 30;
}

/// <summary>
/// Signal links: "/workflows/signal/{token}", the token protected with the site's data-protection keys (shared by every
/// node) and time-limited, naming the instance and the activity. A changed token does not open.
/// </summary>
public sealed class WorkflowSignalLinks(IDataProtectionProvider dataProtection, IOptions<SignalOptions> options) : IWorkflowSignalLinks
{
    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector("PartnerCms.Workflows.Signal.v1").ToTimeLimitedDataProtector();

    public string SignalActivityType => WaitForSignal.TypeName;

    public string LinkFor(string instanceId, string activityId) =>
        "/workflows/signal/" + _protector.Protect(instanceId + "/" + activityId, TimeSpan.FromDays(Math.Clamp(options.Value.LinkDays, 1, 366)));

    /// <summary>The instance and activity a token names, or null when it was changed or has expired.</summary>
    public (string InstanceId, string ActivityId)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return null;
        }

        try
        {
            var value = _protector.Unprotect(token);
            var slash = value.IndexOf('/');
            return slash > 0 ? (value[..slash], value[(slash + 1)..]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
