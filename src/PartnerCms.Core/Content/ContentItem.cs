using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartnerCms.Core.Content;

/// <summary>A typed part of a content item, stored under its class name in the item's JSON.</summary>
public abstract class ContentPart
{
}

/// <summary>One version of a content item as modules see it: metadata and typed parts.</summary>
public sealed class ContentItem
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public ContentItem(string contentType, string contentItemId)
    {
        ContentType = contentType;
        ContentItemId = contentItemId;
    }

    public string ContentItemId { get; }

    public string ContentType { get; }

    public string? ContentItemVersionId { get; internal set; }

    public int Version { get; internal set; }

    public bool Latest { get; internal set; }

    public bool Published { get; internal set; }

    public string DisplayText { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string? OwnerId { get; set; }

    public string? Author { get; set; }

    public DateTime CreatedUtc { get; internal set; }

    public DateTime ModifiedUtc { get; internal set; }

    public DateTime? PublishedUtc { get; internal set; }

    public JsonObject Content { get; internal set; } = [];

    /// <summary>The item's save counter when this version was read (see <see cref="ContentManager.SaveDraftAsync"/>).</summary>
    public int Revision { get; internal set; }

    public bool Has<TPart>() where TPart : ContentPart => Content.ContainsKey(typeof(TPart).Name);

    /// <summary>The part, or a new empty one when the item does not have it yet.</summary>
    public TPart Get<TPart>() where TPart : ContentPart, new() =>
        Content[typeof(TPart).Name]?.Deserialize<TPart>(JsonOptions) ?? new TPart();

    public ContentItem Apply<TPart>(TPart part) where TPart : ContentPart
    {
        Content[typeof(TPart).Name] = JsonSerializer.SerializeToNode(part, JsonOptions);
        return this;
    }

    public ContentItem Alter<TPart>(Action<TPart> alter) where TPart : ContentPart, new()
    {
        var part = Get<TPart>();
        alter(part);
        return Apply(part);
    }

    /// <summary>Whether two parts would be stored the same.</summary>
    public static bool SameJson<TPart>(TPart a, TPart b) where TPart : ContentPart =>
        JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions);

    internal static ContentItem FromRecord(ContentItemRecord record) => new(record.ContentType, record.ContentItemId)
    {
        ContentItemVersionId = record.ContentItemVersionId,
        Version = record.Version,
        Latest = record.Latest,
        Published = record.Published,
        DisplayText = record.DisplayText,
        OrganizationId = record.OrganizationId,
        OwnerId = record.OwnerId,
        Author = record.Author,
        CreatedUtc = record.CreatedUtc,
        ModifiedUtc = record.ModifiedUtc,
        PublishedUtc = record.PublishedUtc,
        Revision = record.Revision,
        Content = JsonNode.Parse(record.Content) as JsonObject ?? [],
    };
}
