using System.Collections.Concurrent;
using PartnerCms.Core.Events;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.Services;

/// <summary>One rendered landing page and the link signatures already checked for it.</summary>
public sealed class CachedLandingPage(string offerId, string organizationId, string advisorCode, byte[] html, DateTime cachedUntilUtc)
{
    private byte[]? _gzip;

    private const int MaxRememberedSignatures = 32;
    private readonly ConcurrentDictionary<string, byte> _signatures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _queries = new(StringComparer.Ordinal);

    public string OfferId { get; } = offerId;

    public string OrganizationId { get; } = organizationId;

    public string AdvisorCode { get; } = advisorCode;

    public byte[] Html { get; } = html;

    /// <summary>The page gzip-compressed once, for the browsers that accept it (all of them).</summary>
    public byte[] Gzip => _gzip ??= Compress(Html);

    public DateTime CachedUntilUtc { get; } = cachedUntilUtc;

    public bool Knows(string signature) => _signatures.ContainsKey(signature);

    /// <summary>Whether this exact query string (?advisor=…&amp;sig=…) was checked already: the hot path compares text only.</summary>
    public bool KnowsQuery(string? query) => query is not null && _queries.ContainsKey(query);

    public void RememberQuery(string? query)
    {
        if (query is not null && _queries.Count < MaxRememberedSignatures)
        {
            _queries.TryAdd(query, 0);
        }
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public void Remember(string signature)
    {
        if (_signatures.Count < MaxRememberedSignatures)
        {
            _signatures.TryAdd(signature, 0);
        }
    }
}

/// <summary>
/// The rendered landing pages of open offers, by Quote ID: a page is the same for every visitor (nothing in it is
/// tied to a customer, R10), so it is rendered once. An entry lives at most <see cref="TimeToLive"/> and never past the
/// offer's expiry; withdrawing the offer or changing the partner's company information removes it at once on this node.
/// </summary>
public sealed class LandingPageCache
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, CachedLandingPage> _pages = new(StringComparer.Ordinal);

    public CachedLandingPage? Get(string quoteId, DateTime nowUtc) =>
        _pages.TryGetValue(quoteId, out var page) && page.CachedUntilUtc > nowUtc ? page : null;

    public void Set(string quoteId, CachedLandingPage page) => _pages[quoteId] = page;

    public void Remove(string quoteId) => _pages.TryRemove(quoteId, out _);

    public void RemoveOrganization(string organizationId)
    {
        foreach (var (quoteId, page) in _pages)
        {
            if (page.OrganizationId == organizationId)
            {
                _pages.TryRemove(quoteId, out _);
            }
        }
    }
}

/// <summary>The partner's name or company information changed: its offers' landing pages are rendered again.</summary>
public sealed class ForgetLandingPagesOnCompanyChange(LandingPageCache cache) : IEventHandler<CompanyInformationChanged>
{
    public Task HandleAsync(CompanyInformationChanged domainEvent, CancellationToken cancellationToken)
    {
        cache.RemoveOrganization(domainEvent.OrganizationId);
        return Task.CompletedTask;
    }
}
