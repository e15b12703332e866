using PartnerCms.Audit.Services;
using PartnerCms.Core.Hosting;

namespace PartnerCms.Audit.Commands;

/// <summary>
/// <c>audit verify [chain…]</c>: checks every audit chain (or those named: an organization id) — each entry's hash, the
/// links between entries, the sequence and the chain head — and exits 1 with what is wrong when a row was changed or
/// deleted, 0 when all is intact. For a scheduled check or after restoring a backup.
/// </summary>
public sealed class AuditVerifyCommand(AuditLog log) : IPortalCommand
{
    public string Name => "audit verify";

    public string Description => "Checks the audit trail's hash chains (all, or the organizations named); exit code 1 when an entry was changed or deleted.";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await log.VerifyAsync(arguments.Count == 0 ? null : arguments.ToList(), cancellationToken);
        if (result.Intact)
        {
            await output.WriteLineAsync($"Audit trail intact: {result.Chains} chains, {result.Entries} entries verified in {started.ElapsedMilliseconds} ms.");
            return 0;
        }

        await output.WriteLineAsync($"Audit trail verification FAILED after {result.Entries} entries: {result.Problem}");
        return 1;
    }
}
