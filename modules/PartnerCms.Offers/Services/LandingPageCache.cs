using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.OutputCaching;
using PartnerCms.Core.Events;
using PartnerCms.Offers.Models;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.Services;

/// <summary>One rendered landing page: the offer it shows, the link it was checked for, and its bytes (plain and gzip).</summary>
public sealed class CachedLandingPage
{
    private const byte FormatVersion = 2;

    public required string OfferId { get; init; }

    public required string OrganizationId { get; init; }

    public required string AdvisorCode { get; init; }

    /// <summary>The exact query string (?advisor=…&amp;sig=…) checked when the page was rendered: the hot path compares text only.</summary>
    public required string Query { get; init; }

    public required ReadOnlyMemory<byte> Html { get; init; }

    public required ReadOnlyMemory<byte> Gzip { get; init; }

    /// <summary>The page's language (Content-Language).</summary>
    public string Language { get; init; } = "en";

    public static CachedLandingPage Create(string offerId, string organizationId, string advisorCode, string query, byte[] html, string language = "en") => new()
    {
        Language = language,
        OfferId = offerId,
        OrganizationId = organizationId,
        AdvisorCode = advisorCode,
        Query = query,
        Html = html,
        Gzip = Compress(html),
    };

    public byte[] Serialize()
    {
        using var output = new MemoryStream(Html.Length + Gzip.Length + 256);
        using (var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(OfferId);
            writer.Write(OrganizationId);
            writer.Write(AdvisorCode);
            writer.Write(Query);
            writer.Write(Language);
            writer.Write(Html.Length);
            writer.Write(Html.Span);
            writer.Write(Gzip.Length);
            writer.Write(Gzip.Span);
        }

        return output.ToArray();
    }

    /// <summary>Reads an entry; null if it is not one this version wrote (the cache is then refilled).</summary>
    public static CachedLandingPage? Deserialize(byte[] bytes)
    {
        try
        {
            using var input = new MemoryStream(bytes, writable: false);
            using var reader = new BinaryReader(input, System.Text.Encoding.UTF8);
            if (reader.ReadByte() != FormatVersion)
            {
                return null;
            }

            var offerId = reader.ReadString();
            var organizationId = reader.ReadString();
            var advisor = reader.ReadString();
            var query = reader.ReadString();
            var language = reader.ReadString();
            var htmlLength = reader.ReadInt32();
            var html = new ReadOnlyMemory<byte>(bytes, (int)input.Position, htmlLength);
            input.Position += htmlLength;
            var gzipLength = reader.ReadInt32();
            var gzip = new ReadOnlyMemory<byte>(bytes, (int)input.Position, gzipLength);
            return new CachedLandingPage { OfferId = offerId, OrganizationId = organizationId, AdvisorCode = advisor, Query = query, Html = html, Gzip = gzip, Language = language };
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException)
        {
            return null;
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
}

/// <summary>
/// The rendered landing pages of open offers, by Quote ID, in ASP.NET Core's output-cache store: in memory on one node,
/// in Redis when <c>Redis:Configuration</c> is set, so that every node sees the same entries and an eviction by tag
/// (an offer withdrawn, a partner's company information changed) takes effect on all of them at once. A page is the same
/// for every visitor (nothing in it is tied to a customer, R10), so it is rendered once; an entry lives at most
/// <see cref="TimeToLive"/> and never past the offer's expiry.
/// </summary>
public sealed class LandingPageCache(IOutputCacheStore store) : PartnerCms.Landing.ILandingPages
{
    public const string AllTag = "landing-all";

    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);

    // The in-memory store hands back the same array on every hit: decode it once (a Redis store gives a new array).
    private readonly ConditionalWeakTable<byte[], CachedLandingPage> _decoded = new();

    private static string Key(string quoteId) => "partnercms:landing:" + quoteId;

    /// <summary>The page for a list of preferred cultures ("" none: the base key, which a withdrawal's tombstone covers; the others go by the offer's tag).</summary>
    private static string Key(string quoteId, string variant) => variant.Length == 0 ? Key(quoteId) : Key(quoteId) + "|" + variant;

    public static string OfferTag(string offerId) => "landing-offer:" + offerId;

    public static string OrganizationTag(string organizationId) => "landing-org:" + organizationId;

    public ValueTask<CachedLandingPage?> GetAsync(string quoteId, CancellationToken cancellationToken) => GetAsync(quoteId, string.Empty, cancellationToken);

    public async ValueTask<CachedLandingPage?> GetAsync(string quoteId, string variant, CancellationToken cancellationToken)
    {
        var bytes = await store.GetAsync(Key(quoteId, variant), cancellationToken);
        if (bytes is null || bytes.Length == Tombstone.Length)
        {
            return null;
        }

        if (_decoded.TryGetValue(bytes, out var page))
        {
            return page;
        }

        page = CachedLandingPage.Deserialize(bytes);
        if (page is not null)
        {
            _decoded.AddOrUpdate(bytes, page);
        }

        return page;
    }

    public ValueTask SetAsync(string quoteId, CachedLandingPage page, TimeSpan validFor, CancellationToken cancellationToken) => SetAsync(quoteId, string.Empty, page, validFor, cancellationToken);

    public ValueTask SetAsync(string quoteId, string variant, CachedLandingPage page, TimeSpan validFor, CancellationToken cancellationToken) =>
        validFor <= TimeSpan.Zero
            ? ValueTask.CompletedTask
            : store.SetAsync(Key(quoteId, variant), page.Serialize(), [OfferTag(page.OfferId), OrganizationTag(page.OrganizationId), AllTag], validFor, cancellationToken);

    /// <summary>
    /// Removes an offer's page: its key is overwritten with a tombstone (one awaited SET, so no node can read the page
    /// after this returns), then its tag is evicted. Eviction by tag alone is not enough with Redis: the store adds an
    /// entry's tags fire-and-forget, so a page cached by another node a moment ago may not be listed under its tag yet.
    /// </summary>
    public async ValueTask RemoveOfferAsync(string offerId, string quoteId, CancellationToken cancellationToken)
    {
        await store.SetAsync(Key(quoteId), Tombstone, [], TimeToLive, cancellationToken);
        await store.EvictByTagAsync(OfferTag(offerId), cancellationToken);
    }

    private static readonly byte[] Tombstone = [0];

    public ValueTask RemoveOrganizationAsync(string organizationId, CancellationToken cancellationToken) => store.EvictByTagAsync(OrganizationTag(organizationId), cancellationToken);

    public ValueTask ForgetOrganizationAsync(string organizationId, CancellationToken cancellationToken = default) => RemoveOrganizationAsync(organizationId, cancellationToken);

    /// <summary>The site's landing theme changed: every page goes.</summary>
    public ValueTask ForgetAllAsync(CancellationToken cancellationToken = default) => store.EvictByTagAsync(AllTag, cancellationToken);
}

/// <summary>The partner's name or company information changed: its offers' landing pages are rendered again.</summary>
public sealed class ForgetLandingPagesOnCompanyChange(LandingPageCache cache) : IEventHandler<CompanyInformationChanged>
{
    public async Task HandleAsync(CompanyInformationChanged domainEvent, CancellationToken cancellationToken) =>
        await cache.RemoveOrganizationAsync(domainEvent.OrganizationId, cancellationToken);
}

/// <summary>
/// An offer was withdrawn: its landing page goes from the cache. The withdrawing request evicts it already; this
/// delivery covers a process that stopped between its commit and that eviction.
/// </summary>
public sealed class ForgetLandingPageOnWithdrawal(LandingPageCache cache) : IEventHandler<OfferWithdrawn>
{
    public async Task HandleAsync(OfferWithdrawn domainEvent, CancellationToken cancellationToken) =>
        await cache.RemoveOfferAsync(domainEvent.OfferId, domainEvent.QuoteId, cancellationToken);
}
