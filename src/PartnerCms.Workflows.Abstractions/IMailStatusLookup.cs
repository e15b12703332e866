namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// Where the mails a run queued are now (queued, sent, failed), for the run's page: the mail module answers, for the
/// current organization's mails only.
/// </summary>
public interface IMailStatusLookup
{
    Task<IReadOnlyDictionary<string, string>> StatusOfAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default);
}
